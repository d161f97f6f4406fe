import { checkRedisDurability, parseRedisDurability, RedisEvictionError } from './redis-durability';

const info = (policy: string, aof: 0 | 1): string =>
  `# Memory\r\nused_memory:1\r\nmaxmemory_policy:${policy}\r\n# Persistence\r\naof_enabled:${aof}\r\n`;
const logs = (): { warn: jest.Mock; log: jest.Mock } => ({ warn: jest.fn(), log: jest.fn() });

describe('Redis durability check', () => {
  it('reads the eviction policy and the append-only file from INFO', () => {
    expect(parseRedisDurability(info('noeviction', 1))).toEqual({
      maxmemoryPolicy: 'noeviction',
      aofEnabled: true,
    });
    expect(parseRedisDurability('')).toEqual({ maxmemoryPolicy: 'unknown', aofEnabled: false });
  });

  it('accepts noeviction and says whether a restart keeps the queue', async () => {
    const log = logs();
    await checkRedisDurability({ info: () => Promise.resolve(info('noeviction', 0)) }, false, log);
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.log).toHaveBeenCalledWith(expect.stringContaining('loses queued submissions'));
  });

  it('refuses an evicting Redis unless told to allow it, then warns', async () => {
    const redis = { info: () => Promise.resolve(info('allkeys-lru', 1)) };
    await expect(checkRedisDurability(redis, false, logs())).rejects.toThrow(RedisEvictionError);
    await expect(checkRedisDurability(redis, false, logs())).rejects.toThrow(
      /allkeys-lru.*REDIS_ALLOW_EVICTION/,
    );
    const log = logs();
    await checkRedisDurability(redis, true, log);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('allkeys-lru'));
  });
});
