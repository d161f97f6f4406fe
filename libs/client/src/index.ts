export * from './sse';
