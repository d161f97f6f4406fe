import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Docker from 'dockerode';
import { LABEL_WORKER } from '../../apps/worker/src/sandbox/container-spec';
import { TEST_REDIS_URL } from './api';

const ROOT = join(__dirname, '..', '..');

export interface WorkerProcess {
  workerId: string;
  child: ChildProcess;
  /** Resolves once the worker logged that it takes jobs; rejects if it exits first. */
  ready: Promise<void>;
  /** SIGKILL, as a crash: nothing is handed back, its containers stay behind. */
  kill(): Promise<void>;
  /** Removes the containers it left (what the reaper of a live worker would do later). */
  removeContainers(): Promise<void>;
}

/**
 * A real worker in a process of its own (from the sources, through ts-node), so that a test can
 * kill it as a crash would. Everything else about it is the real worker.
 */
export function spawnWorker(
  prefix: string,
  workerId: string,
  env: Record<string, string> = {},
): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        WORKER_ID: workerId,
        WORKER_HEALTH_PORT: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes(`worker ${workerId} ready`)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`worker ${workerId} exited (${code}) before it was ready:\n${output.slice(-2000)}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    workerId,
    child,
    ready,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async removeContainers() {
      const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
      const left = await docker.listContainers({
        all: true,
        filters: { label: [`${LABEL_WORKER}=${workerId}`] },
      });
      await Promise.all(
        left.map((c) =>
          docker
            .getContainer(c.Id)
            .remove({ force: true })
            .catch(() => undefined),
        ),
      );
    },
  };
}
