import { StreamLanguage, type StreamParser } from '@codemirror/language';
import type { Extension } from '@codemirror/state';

const legacy = (parser: StreamParser<unknown>): Extension => StreamLanguage.define(parser);
const clike = () => import('@codemirror/legacy-modes/mode/clike');

/**
 * Syntax highlighting per catalog language id, each loaded when first chosen (its own chunk of
 * the build), so the page starts with none of them; a language missing here is plain text.
 */
const MODES: Record<string, () => Promise<Extension>> = {
  python: () => import('@codemirror/lang-python').then((m) => m.python()),
  javascript: () => import('@codemirror/lang-javascript').then((m) => m.javascript()),
  typescript: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ typescript: true })),
  c: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  cpp: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  fortran: () => import('@codemirror/legacy-modes/mode/fortran').then((m) => legacy(m.fortran)),
  d: () => import('@codemirror/legacy-modes/mode/d').then((m) => legacy(m.d)),
  java: () => import('@codemirror/lang-java').then((m) => m.java()),
  kotlin: () => clike().then((m) => legacy(m.kotlin)),
  scala: () => clike().then((m) => legacy(m.scala)),
  go: () => import('@codemirror/lang-go').then((m) => m.go()),
  rust: () => import('@codemirror/lang-rust').then((m) => m.rust()),
  csharp: () => clike().then((m) => legacy(m.csharp)),
  ruby: () => import('@codemirror/legacy-modes/mode/ruby').then((m) => legacy(m.ruby)),
  php: () => import('@codemirror/lang-php').then((m) => m.php()),
  perl: () => import('@codemirror/legacy-modes/mode/perl').then((m) => legacy(m.perl)),
  lua: () => import('@codemirror/legacy-modes/mode/lua').then((m) => legacy(m.lua)),
  bash: () => import('@codemirror/legacy-modes/mode/shell').then((m) => legacy(m.shell)),
  multi: () => import('@codemirror/legacy-modes/mode/shell').then((m) => legacy(m.shell)),
  haskell: () => import('@codemirror/legacy-modes/mode/haskell').then((m) => legacy(m.haskell)),
  ocaml: () => import('@codemirror/legacy-modes/mode/mllike').then((m) => legacy(m.oCaml)),
  pascal: () => import('@codemirror/legacy-modes/mode/pascal').then((m) => legacy(m.pascal)),
  r: () => import('@codemirror/legacy-modes/mode/r').then((m) => legacy(m.r)),
  sql: () => import('@codemirror/lang-sql').then((m) => m.sql()),
};

/** The language's highlighting; none when it is unknown or its chunk fails to load. */
export async function modeFor(language: string): Promise<Extension> {
  return (await MODES[language]?.().catch(() => null)) ?? [];
}
