import type { Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppConfig } from '@judgebox/config';
import { isGvisor } from './container-spec';
import { compileInnerFilter, loadInnerFilterPolicy } from './namespace/inner-seccomp';

export const SECCOMP_PROFILE = Symbol('SeccompProfile');
/** The inner filter as BPF (namespace isolation), or null under container isolation. */
export const INNER_FILTER = Symbol('InnerFilter');

/** The files of seccomp/ this worker runs with: generated from seccomp/policy.mjs, never by hand. */
export function seccompFiles(
  config: Pick<AppConfig, 'SECCOMP_PROFILE' | 'SANDBOX_ISOLATION' | 'SANDBOX_RUNTIME'>,
): { profile: string; innerFilter: string | null } {
  const dir = dirname(config.SECCOMP_PROFILE);
  if (config.SANDBOX_ISOLATION === 'namespace')
    return { profile: join(dir, 'profile-slot.json'), innerFilter: join(dir, 'inner-filter.json') };
  // gVisor turns every errno of a profile into EPERM: its profile allows the few other-errno denials.
  if (isGvisor(config.SANDBOX_RUNTIME))
    return { profile: join(dir, 'profile-runsc.json'), innerFilter: null };
  return { profile: config.SECCOMP_PROFILE, innerFilter: null };
}

/**
 * The seccomp profile every sandbox container of this worker runs under, read and checked once and
 * passed inline to the engine: the container profile, or the slot profile under namespace isolation.
 */
export const seccompProvider: Provider = {
  provide: SECCOMP_PROFILE,
  inject: [AppConfig],
  useFactory: (config: AppConfig): string => {
    const path = seccompFiles(config).profile;
    const profile = JSON.parse(readFileSync(path, 'utf8')) as { defaultAction?: string };
    if (profile.defaultAction !== 'SCMP_ACT_ERRNO') {
      throw new Error(`${path}: the default action must deny (SCMP_ACT_ERRNO)`);
    }
    return JSON.stringify(profile);
  },
};

export const innerFilterProvider: Provider = {
  provide: INNER_FILTER,
  inject: [AppConfig],
  useFactory: (config: AppConfig): Buffer | null => {
    const path = seccompFiles(config).innerFilter;
    return path === null ? null : compileInnerFilter(loadInnerFilterPolicy(path));
  },
};
