import { coerce } from 'semver';
import { findLanguage, LANGUAGES, type LanguageSpec } from '@judgebox/domain';

/**
 * The runtime names Piston's packages use (each package's `language` and `aliases`, from
 * engineer-man/piston's packages/<pkg>/<version>/metadata.json) for the catalog languages, by native
 * id; the one place they are kept. /api/v2/runtimes lists them as aliases and /api/v2/execute
 * accepts them, so Piston's clients and test programs (`test.<runtime>`) run unchanged.
 * Not claimed: Piston's 32-bit `nasm` (`asm`, `nasm32`: the sandbox admits only the 64-bit system
 * call ABI), and names of runtimes Debian bookworm lacks.
 */
export const PISTON_NAMES: Readonly<Record<string, readonly string[]>> = {
  python: ['python', 'py', 'py3', 'python3'],
  javascript: ['javascript', 'node-javascript', 'node-js', 'js'],
  typescript: ['typescript', 'ts', 'node-ts', 'tsc', 'typescript5', 'ts5'],
  c: ['c', 'gcc'],
  cpp: ['c++', 'cpp', 'g++'],
  d: ['d', 'gdc'],
  fortran: ['fortran', 'f90'],
  java: ['java'],
  kotlin: ['kotlin', 'kt'],
  scala: ['scala', 'sc'],
  go: ['go', 'golang'],
  rust: ['rust', 'rs'],
  csharp: ['csharp', 'mono', 'mono-csharp', 'mono-c#', 'mono-cs', 'c#', 'cs'],
  ruby: ['ruby', 'ruby3', 'rb'],
  php: ['php', 'php8'],
  perl: ['perl', 'pl'],
  lua: ['lua'],
  bash: ['bash', 'sh'],
  haskell: ['haskell', 'hs'],
  ocaml: ['ocaml', 'ml'],
  pascal: ['pascal', 'freepascal', 'pp', 'pas'],
  r: ['rscript', 'r'],
  sql: ['sqlite3', 'sqlite', 'sql'],
  dash: ['dash'],
  awk: ['awk', 'gawk'],
  executable: ['file', 'executable', 'elf', 'binary'],
  nasm: ['nasm64', 'asm64'],
  'llvm-ir': ['llvm_ir', 'llvm', 'llvm-ir', 'll'],
  cobol: ['cobol', 'cob'],
  nim: ['nim'],
  'swi-prolog': ['prolog', 'plg'],
  'common-lisp': ['lisp', 'cl', 'sbcl', 'commonlisp'],
  forth: ['forth', 'gforth'],
  verilog: ['iverilog', 'verilog', 'vvp'],
  raku: ['raku', 'rakudo', 'perl6', 'p6', 'pl6'],
  erlang: ['erlang', 'erl', 'escript'],
  elixir: ['elixir', 'exs'],
  groovy: ['groovy', 'gvy'],
  clojure: ['clojure', 'clj'],
  coffeescript: ['coffeescript', 'coffee'],
  deno: ['deno', 'deno-ts'],
  octave: ['octave', 'matlab', 'm'],
  racket: ['racket', 'rkt'],
  'emacs-lisp': ['emacs', 'el', 'elisp'],
};

const BY_PISTON_NAME = new Map<string, LanguageSpec>();
for (const lang of LANGUAGES)
  for (const name of PISTON_NAMES[lang.id] ?? []) BY_PISTON_NAME.set(name.toLowerCase(), lang);

/** The language a Piston request names: a native id or alias first, else a Piston runtime name. */
export function findPistonLanguage(name: string): LanguageSpec | undefined {
  return findLanguage(name) ?? BY_PISTON_NAME.get(name.toLowerCase());
}

/** The aliases /api/v2/runtimes lists for a language: ours, then Piston's names not yet among them. */
export function pistonAliases(lang: { id: string; aliases: readonly string[] }): string[] {
  const names = [...lang.aliases, ...(PISTON_NAMES[lang.id] ?? [])];
  return [...new Set(names)].filter((n) => n !== lang.id);
}

/** A runtime's version as semver: coerced, leading zeros dropped first (NASM's 2.16.01 is 2.16.1). */
export function semverOf(version: string | null): string | undefined {
  return coerce(version?.replace(/\b0+(\d)/g, '$1') ?? null)?.version;
}
