/** An upload grew past the bytes it was allowed; nothing of it is kept. */
export class ContentTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file exceeds the ${maxBytes} bytes it may have`);
  }
}

/** A file the reader was asked for is not (or no longer) in the store. */
export class ContentMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`file ${sha256} is not in the content store`);
  }
}
