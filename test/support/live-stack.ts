import type { AppConfig } from '@judgebox/config';
import { startPistonStack, type PistonStack } from './piston-stack';

export interface LiveStack extends PistonStack {
  /** http://127.0.0.1:port of the listening API. */
  baseUrl: string;
  /** ws://…/v1/live */
  liveUrl: string;
}

/** A real worker (unless `withWorker` is false) and a listening API on a fresh prefix. */
export async function startLiveStack(
  overrides: Partial<AppConfig> = {},
  withWorker = true,
): Promise<LiveStack> {
  const stack = await startPistonStack(overrides, withWorker);
  const origin = new URL(stack.wsUrl);
  return {
    ...stack,
    baseUrl: `http://${origin.host}`,
    liveUrl: `ws://${origin.host}/v1/live`,
  };
}
