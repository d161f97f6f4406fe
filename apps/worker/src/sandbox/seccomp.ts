import type { Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { AppConfig } from '@judgebox/config';

export const SECCOMP_PROFILE = Symbol('SeccompProfile');

/** Our seccomp profile (seccomp/profile.json), read and checked once, passed inline to the engine. */
export const seccompProvider: Provider = {
  provide: SECCOMP_PROFILE,
  inject: [AppConfig],
  useFactory: (config: AppConfig): string => {
    const profile = JSON.parse(readFileSync(config.SECCOMP_PROFILE, 'utf8')) as { defaultAction?: string };
    if (profile.defaultAction !== 'SCMP_ACT_ERRNO') {
      throw new Error(`${config.SECCOMP_PROFILE}: the default action must deny (SCMP_ACT_ERRNO)`);
    }
    return JSON.stringify(profile);
  },
};
