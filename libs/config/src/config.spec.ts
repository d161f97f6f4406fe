import { longestRunMs } from '@judgebox/domain';
import { AppConfig, loadConfig } from './config';

describe('config: webhooks and drain', () => {
  it('the default drain covers the longest compile plus the longest run', () => {
    expect(new AppConfig().WORKER_DRAIN_SECONDS * 1000).toBeGreaterThanOrEqual(longestRunMs());
  });

  it('reads WORKER_DRAIN_SECONDS as a number', () => {
    expect(loadConfig({ WORKER_DRAIN_SECONDS: '5' }).WORKER_DRAIN_SECONDS).toBe(5);
  });

  it('refuses a webhook secret shorter than 16 characters without printing it; empty is off', () => {
    expect(() => loadConfig({ WEBHOOK_SECRET: 'short' })).not.toThrow(/short/);
    expect(() => loadConfig({ WEBHOOK_SECRET: 'short' })).toThrow(
      /WEBHOOK_SECRET=\(hidden\): must be empty or at least 16/,
    );
    expect(loadConfig({ WEBHOOK_SECRET: '' }).WEBHOOK_SECRET).toBe('');
    expect(loadConfig({ WEBHOOK_SECRET: 'x'.repeat(16) }).WEBHOOK_SECRET).toBe('x'.repeat(16));
  });
});

describe('config: one row per setting', () => {
  it('reads every integer setting (its row says @IsInt) as a number, and refuses a non-integer', () => {
    const integers = Object.entries(new AppConfig()).filter(([, v]) => typeof v === 'number');
    expect(integers.length).toBeGreaterThanOrEqual(22);
    for (const [key, value] of integers)
      expect(loadConfig({ [key]: String(value) })[key as keyof AppConfig]).toBe(value);
    expect(() => loadConfig({ PORT: '80.5' })).toThrow(/PORT=80.5/);
  });

  it.each([
    'CORS_ORIGINS',
    'JUDGE0_AUTH_TOKENS',
    'JUDGE0_CALLBACK_ALLOW_HOSTS',
    'WEBHOOK_ALLOW_HOSTS',
  ] as const)('reads the comma-separated %s as trimmed items, blanks dropped', (key) => {
    expect(loadConfig({ [key]: ' a.example, ,b.example ,' })[key]).toEqual(['a.example', 'b.example']);
    expect(loadConfig({ [key]: ',' })[key]).toEqual([]);
  });

  it('keeps the list defaults when unset or empty', () => {
    expect(loadConfig({ CORS_ORIGINS: '' }).CORS_ORIGINS).toEqual(['*']);
    expect(loadConfig({}).JUDGE0_AUTH_TOKENS).toEqual([]);
  });

  it('reads SANDBOX_POOL as image=N pairs with a * default, and refuses anything else', () => {
    expect(loadConfig({ SANDBOX_POOL: 'python=2, gcc=1,*=0' }).SANDBOX_POOL).toEqual([
      { image: 'python', size: 2 },
      { image: 'gcc', size: 1 },
      { image: '*', size: 0 },
    ]);
    expect(loadConfig({}).SANDBOX_POOL).toEqual([{ image: '*', size: 1 }]);
    for (const bad of ['python', 'python=100', 'python=-1', 'py thon=1'])
      expect(() => loadConfig({ SANDBOX_POOL: bad })).toThrow(`SANDBOX_POOL=${bad}: must be image=N pairs`);
  });
});
