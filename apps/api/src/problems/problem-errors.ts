import { ConflictException, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';

export const problemNotFound = (id: string): NotFoundException =>
  new NotFoundException(`problem ${id} not found (unknown or deleted)`);

export const versionNotKept = (id: string, version: number): NotFoundException =>
  new NotFoundException(
    `problem ${id} has no version ${version}: only the current version and versions that submissions ` +
      'judged within RESULT_TTL_SECONDS are kept',
  );

/** The problem changed under us more often than we retried; the client may simply retry. */
export const changedConcurrently = (id: string): ConflictException =>
  new ConflictException(`problem ${id} was changed by several requests at once; retry`);

/** 507: the content store is full (PROBLEMS_QUOTA_BYTES); nothing of the upload is kept. */
export class InsufficientStorageException extends HttpException {
  constructor(message: string) {
    super(
      { statusCode: HttpStatus.INSUFFICIENT_STORAGE, error: 'Insufficient Storage', message },
      HttpStatus.INSUFFICIENT_STORAGE,
    );
  }
}
