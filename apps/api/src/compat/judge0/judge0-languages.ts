import { findLanguage, type LanguageSpec } from '@judgebox/domain';

/**
 * Judge0 CE's language ids (its published db/languages list) for the languages judgebox has; the one
 * place they are kept. Clients hard-code these ids, so an id never changes meaning once listed here.
 * Where Judge0 has several ids for one language (C 48/49/50, C++ 52/53/54), only the newest is
 * mapped: an id absent here is refused as unknown (also Judge0's languages Debian bookworm lacks:
 * 43 Plain Text, 47 Basic, 70 Python 2, 83 Swift, 84 Visual Basic.Net, 87 F#).
 */
export const JUDGE0_LANGUAGE_IDS: Readonly<Record<number, string>> = {
  44: 'executable',
  45: 'nasm',
  46: 'bash',
  50: 'c',
  51: 'csharp',
  54: 'cpp',
  55: 'common-lisp',
  56: 'd',
  57: 'elixir',
  58: 'erlang',
  59: 'fortran',
  60: 'go',
  61: 'haskell',
  62: 'java',
  63: 'javascript',
  64: 'lua',
  65: 'ocaml',
  66: 'octave',
  67: 'pascal',
  68: 'php',
  69: 'gnu-prolog',
  71: 'python',
  72: 'ruby',
  73: 'rust',
  74: 'typescript',
  75: 'c-clang',
  76: 'cpp-clang',
  77: 'cobol',
  78: 'kotlin',
  79: 'objective-c',
  80: 'r',
  81: 'scala',
  82: 'sql',
  85: 'perl',
  86: 'clojure',
  88: 'groovy',
  89: 'multi',
};

/**
 * Judge0's "Multi-file program": no source code; `additional_files` holds a `run` script and
 * optionally a `compile` script (docs/judge0.md).
 */
export const JUDGE0_MULTI_FILE_ID = 89;

export interface Judge0Language {
  id: number;
  spec: LanguageSpec;
}

/** Every mapped language, by Judge0 id ascending (the order Judge0 lists them in is by name; ids are stable). */
export const JUDGE0_LANGUAGES: readonly Judge0Language[] = Object.entries(JUDGE0_LANGUAGE_IDS).map(
  ([id, native]) => {
    const spec = findLanguage(native);
    if (!spec) throw new Error(`Judge0 language ${id} maps to unknown native language ${native}`);
    return { id: Number(id), spec };
  },
);

export function judge0Language(id: number): Judge0Language | undefined {
  return JUDGE0_LANGUAGES.find((l) => l.id === id);
}

/** The Judge0 id of a native language, or null when it has none (the submission came through /v1). */
export function judge0IdOf(native: string): number | null {
  return JUDGE0_LANGUAGES.find((l) => l.spec.id === native)?.id ?? null;
}
