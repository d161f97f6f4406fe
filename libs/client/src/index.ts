/** @judgebox/client: a typed client of judgebox's native API, for Node and browsers. */
export * from './client';
export * from './errors';
export * from './live-run';
export * from './sse';
export { fromBase64, outputBytes, toBase64 } from './base64';
export type {
  LanguageView,
  LiveServerMessage,
  PhaseResult,
  SubmissionBody,
  SubmissionEvent,
  SubmissionView,
  TestCaseResult,
} from '@judgebox/domain';
