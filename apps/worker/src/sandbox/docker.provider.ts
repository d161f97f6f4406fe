import type { Provider } from '@nestjs/common';
import Docker from 'dockerode';
import { AppConfig } from '@judgebox/config';

export const DOCKER = Symbol('Docker');

/** The engine client, always over the unix socket named in the config. */
export const dockerProvider: Provider = {
  provide: DOCKER,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new Docker({ socketPath: config.DOCKER_SOCKET }),
};
