/** Base64 of bytes and back, with what both Node and browsers have (btoa/atob). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes of an `output` message or of a result's stream, whichever its encoding. */
export function outputBytes(data: string, encoding: 'utf8' | 'base64'): Uint8Array {
  return encoding === 'base64' ? fromBase64(data) : new TextEncoder().encode(data);
}
