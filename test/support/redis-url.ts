/** The Redis every end-to-end test uses: scripts/test.sh exports REDIS_URL (scripts/ensure-redis.sh). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6389';
