import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { LABEL_PREFIX } from '../../apps/worker/src/sandbox/container-spec';
import { testPrefix } from '../support/prefix';

/**
 * docker-compose.yml on this host (no registry, bridge network off): builds dist/ and the local
 * images (scripts/build-deploy-images.sh; skipped when current), `docker-compose up`, one
 * submission through the API, `docker-compose down`, nothing left. Its own ports, data folder,
 * project name and queue prefix. Opt-in (JUDGEBOX_COMPOSE_TEST=1): about a minute with the images
 * current (most of it compiling dist/), 4-5 min when the app image must be rebuilt (docs/deploy.md).
 */
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
const enabled = process.env.JUDGEBOX_COMPOSE_TEST === '1';
const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

(enabled ? describe : describe.skip)('docker-compose.yml', () => {
  const project = `jbtest${randomUUID().slice(0, 8)}`;
  const prefix = testPrefix();
  const data = mkdtempSync(join(tmpdir(), 'judgebox-compose-'));
  let env: NodeJS.ProcessEnv = {};
  let api = '';
  const compose = (...args: string[]) =>
    run('docker-compose', ['-p', project, ...args], { cwd: ROOT, env, timeout: 240_000 });

  beforeAll(async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 300_000 });
    await run('bash', ['scripts/build-deploy-images.sh'], { cwd: ROOT, timeout: 600_000 });
    const [apiPort, redisPort, healthPort] = [await freePort(), await freePort(), await freePort()];
    api = `http://127.0.0.1:${apiPort}`;
    env = {
      ...process.env,
      JUDGEBOX_API_PORT: String(apiPort),
      JUDGEBOX_REDIS_PORT: String(redisPort),
      JUDGEBOX_WORKER_HEALTH_PORT: String(healthPort),
      JUDGEBOX_QUEUE_PREFIX: prefix,
      JUDGEBOX_COMPOSE_DATA: data,
    };
    await compose('up', '-d');
  }, 900_000);

  afterAll(async () => {
    await compose('down').catch(() => undefined);
    rmSync(data, { recursive: true, force: true });
  }, 300_000);

  it('comes up ready, runs a submission, and goes down leaving nothing behind', async () => {
    let status = 0;
    for (let i = 0; i < 240 && status !== 200; i++) {
      status = await fetch(`${api}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await sleep(500);
    }
    expect(status).toBe(200);
    const res = await fetch(`${api}/v1/submissions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'python', source: 'print(6 * 7)' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      state: 'finished',
      result: { verdict: 'ok', run: { stdout: '42\n' } },
    });
    // Redis keeps an append-only file in the data folder.
    expect(existsSync(join(data, 'redis', 'appendonlydir'))).toBe(true);

    await compose('down');
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${project}`] },
    });
    expect(left).toEqual([]);
    const sandboxes = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_PREFIX}=${prefix}`] },
    });
    expect(sandboxes).toEqual([]);
  }, 300_000);
});
