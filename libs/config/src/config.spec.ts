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
