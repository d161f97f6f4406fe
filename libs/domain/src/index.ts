export * from './limits';
export * from './verdict';
export * from './submission';
export * from './languages';
export * from './file-names';
export * from './decide-verdict';
export * from './judging';
export * from './judge0-limits';
