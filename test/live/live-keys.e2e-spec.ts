import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  JudgeboxAuthError,
  JudgeboxClient,
  JudgeboxNotFoundError,
  type WebSocketLike,
} from '@judgebox/client';
import { createKey } from '../support/keys';
import { startLiveStack, type LiveStack } from '../support/live-stack';
import { refusedStatus } from './live-socket';

describe('live socket and events once API keys exist (no worker)', () => {
  let stack: LiveStack;
  let token: string;
  beforeAll(async () => {
    stack = await startLiveStack({}, false);
    token = await createKey(stack.api, 'live-user');
  });
  afterAll(() => stack.close());

  const client = (apiKey?: string): JudgeboxClient =>
    new JudgeboxClient({
      url: stack.baseUrl,
      apiKey,
      webSocket: (url, headers) => new WebSocket(url, { headers }) as unknown as WebSocketLike,
    });

  it('the socket upgrade without a key answers 401; with the bearer key the session starts', async () => {
    expect(await refusedStatus(stack.liveUrl)).toBe(401);
    const run = client(token).live({ language: 'python', source: 'print(1)' });
    expect(await run.id).toMatch(/^[0-9a-f-]{36}$/);
    run.close();
  });

  it('the event stream without a key is a typed 401; with it, an unknown id is a 404', async () => {
    const events = async (c: JudgeboxClient): Promise<void> => {
      for await (const e of c.events(randomUUID())) void e;
    };
    await expect(events(client())).rejects.toBeInstanceOf(JudgeboxAuthError);
    await expect(events(client(token))).rejects.toBeInstanceOf(JudgeboxNotFoundError);
  });
});
