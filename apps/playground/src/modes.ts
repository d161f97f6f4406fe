import { cpp } from '@codemirror/lang-cpp';
import { go } from '@codemirror/lang-go';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { php } from '@codemirror/lang-php';
import { python } from '@codemirror/lang-python';
import { rust } from '@codemirror/lang-rust';
import { sql } from '@codemirror/lang-sql';
import { StreamLanguage, type LanguageSupport, type StreamParser } from '@codemirror/language';
import { csharp, kotlin, scala } from '@codemirror/legacy-modes/mode/clike';
import { d } from '@codemirror/legacy-modes/mode/d';
import { fortran } from '@codemirror/legacy-modes/mode/fortran';
import { haskell } from '@codemirror/legacy-modes/mode/haskell';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { oCaml } from '@codemirror/legacy-modes/mode/mllike';
import { pascal } from '@codemirror/legacy-modes/mode/pascal';
import { perl } from '@codemirror/legacy-modes/mode/perl';
import { r } from '@codemirror/legacy-modes/mode/r';
import { ruby } from '@codemirror/legacy-modes/mode/ruby';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import type { Extension } from '@codemirror/state';

const legacy = (parser: StreamParser<unknown>): Extension => StreamLanguage.define(parser);

/** Syntax highlighting per catalog language id; a language missing here is edited as plain text. */
const MODES: Record<string, () => LanguageSupport | Extension> = {
  python: () => python(),
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  c: () => cpp(),
  cpp: () => cpp(),
  fortran: () => legacy(fortran),
  d: () => legacy(d),
  java: () => java(),
  kotlin: () => legacy(kotlin),
  scala: () => legacy(scala),
  go: () => go(),
  rust: () => rust(),
  csharp: () => legacy(csharp),
  ruby: () => legacy(ruby),
  php: () => php(),
  perl: () => legacy(perl),
  lua: () => legacy(lua),
  bash: () => legacy(shell),
  multi: () => legacy(shell),
  haskell: () => legacy(haskell),
  ocaml: () => legacy(oCaml),
  pascal: () => legacy(pascal),
  r: () => legacy(r),
  sql: () => sql(),
};

export function modeFor(language: string): Extension {
  return MODES[language]?.() ?? [];
}

export const HIGHLIGHTED_LANGUAGES = Object.keys(MODES);
