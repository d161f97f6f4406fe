import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { loadConfig } from '@judgebox/config';
import { DEFAULT_LIMITS } from '@judgebox/domain';
import { buildContainerSpec, gvisorCommand, isGvisor } from '../../../apps/worker/src/sandbox/container-spec';
import { InitChannel } from '../../../apps/worker/src/sandbox/init-channel';
import { seccompFiles } from '../../../apps/worker/src/sandbox/seccomp';
import { docker } from './host';

const config = loadConfig();
const runtime = config.SANDBOX_RUNTIME;

/** A command as the worker starts it in a container sandbox (under gVisor through gvisorCommand). */
export const asWorkerStarts = (cmd: string[]): string[] =>
  isGvisor(runtime) ? gvisorCommand(cmd, DEFAULT_LIMITS) : cmd;

/**
 * A container confined as this worker's sandboxes are (buildContainerSpec, and the seccomp profile
 * the worker picks for this isolation and runtime), started for the specs of this describe block and
 * removed after them, with the worker's line to its init (jbinit): for specs that speak the init
 * protocol directly.
 */
export function useInitSandbox(
  name: string,
  image = 'judgebox/python:latest',
): { channel: () => InitChannel; container: () => Docker.Container } {
  let container: Docker.Container | undefined;
  let channel: InitChannel | undefined;

  beforeAll(async () => {
    const spec = buildContainerSpec({
      image,
      limits: DEFAULT_LIMITS,
      workerId: `${name}-${process.pid}`,
      queuePrefix: `${name}-${process.pid}`,
      seccompProfile: readFileSync(seccompFiles(config).profile, 'utf8'),
      runtime,
    });
    container = await docker.createContainer(spec);
    channel = await InitChannel.attach(docker, container);
    await container.start();
    await channel.ready(30_000);
  });

  afterAll(async () => {
    channel?.close();
    await container?.remove({ force: true }).catch(() => undefined);
  });

  return {
    channel: () => {
      if (!channel) throw new Error('the init sandbox is not started');
      return channel;
    },
    container: () => {
      if (!container) throw new Error('the init sandbox is not started');
      return container;
    },
  };
}
