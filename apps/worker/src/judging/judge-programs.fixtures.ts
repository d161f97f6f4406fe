import type { AppConfig } from '@judgebox/config';
import type { SandboxDriver } from '../sandbox/sandbox-driver';
import { JudgePrograms } from './judge-programs.service';

/** For unit specs: judge programs on `driver` (a fake), with a 1 MiB cache. */
export function programsOf(driver: SandboxDriver): JudgePrograms {
  return new JudgePrograms(driver, { JUDGE_PROGRAM_CACHE_MB: 1 } as AppConfig);
}
