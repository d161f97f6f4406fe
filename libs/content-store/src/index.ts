export * from './content-keys';
export * from './content-errors';
export * from './stage-upload';
export * from './read-content';
