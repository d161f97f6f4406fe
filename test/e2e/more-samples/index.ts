import type { LanguageSamples } from '../samples';
import { NATIVE_CODE_SAMPLES } from './native-code';
import { SCRIPT_AND_VM_SAMPLES } from './scripts-and-vms';

/** Sample programs of the languages in libs/domain/src/more-languages.ts (same rules as samples.ts). */
export const MORE_SAMPLES: Readonly<Record<string, LanguageSamples>> = {
  ...NATIVE_CODE_SAMPLES,
  ...SCRIPT_AND_VM_SAMPLES,
};
