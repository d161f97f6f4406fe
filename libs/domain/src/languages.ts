import type { Limits } from './limits';

/**
 * One entry per language. `{entry}` in a command is replaced by the entry file name,
 * `{sources}` by every file whose name ends with `sourceExtension` (in order).
 * Arguments from the client are appended to `run` as separate argv items; nothing goes through a shell.
 */
export interface LanguageSpec {
  id: string;
  name: string;
  aliases: string[];
  /** Folder under sandbox-images/ and image name judgebox/<image>. */
  image: string;
  sourceFile: string;
  sourceExtension: string;
  compile: string[] | null;
  run: string[];
  /** Raises defaults (and, where higher, maxima) of the limits table for this language. */
  limitOverrides: Partial<Limits>;
}

export const LANGUAGES: readonly LanguageSpec[] = [
  {
    id: 'python',
    name: 'Python 3',
    aliases: ['python3', 'py'],
    image: 'python',
    sourceFile: 'main.py',
    sourceExtension: '.py',
    compile: null,
    run: ['python3', '-I', '{entry}'],
    limitOverrides: {},
  },
  {
    id: 'javascript',
    name: 'JavaScript (Node.js)',
    aliases: ['js', 'node', 'nodejs'],
    image: 'node',
    sourceFile: 'main.js',
    sourceExtension: '.js',
    compile: null,
    run: ['node', '{entry}'],
    limitOverrides: {},
  },
  {
    id: 'c',
    name: 'C (GCC)',
    aliases: ['gcc'],
    image: 'gcc',
    sourceFile: 'main.c',
    sourceExtension: '.c',
    compile: ['gcc', '-std=gnu17', '-O2', '-pipe', '-o', 'main', '{sources}', '-lm'],
    run: ['./main'],
    limitOverrides: {},
  },
  {
    id: 'cpp',
    name: 'C++ (G++)',
    aliases: ['c++', 'g++', 'cxx'],
    image: 'gcc',
    sourceFile: 'main.cpp',
    sourceExtension: '.cpp',
    compile: ['g++', '-std=gnu++17', '-O2', '-pipe', '-o', 'main', '{sources}'],
    run: ['./main'],
    limitOverrides: {},
  },
  {
    id: 'bash',
    name: 'Bash',
    aliases: ['sh', 'shell'],
    image: 'bash',
    sourceFile: 'main.sh',
    sourceExtension: '.sh',
    compile: null,
    run: ['bash', '{entry}'],
    limitOverrides: {},
  },
];

const BY_NAME = new Map<string, LanguageSpec>();
for (const lang of LANGUAGES) for (const key of [lang.id, ...lang.aliases]) BY_NAME.set(key.toLowerCase(), lang);

/** Finds a language by id or alias, case-insensitively. */
export function findLanguage(idOrAlias: string): LanguageSpec | undefined {
  return BY_NAME.get(idOrAlias.toLowerCase());
}

/** Image name for a language; the tag is fixed so a worker never runs an image it did not check. */
export function imageName(lang: Pick<LanguageSpec, 'image'>): string {
  return `judgebox/${lang.image}:latest`;
}

/** Expands `{entry}` and `{sources}` in a command template. */
export function expandCommand(template: readonly string[], entry: string, fileNames: readonly string[], ext: string): string[] {
  const sources = fileNames.filter((n) => n.endsWith(ext));
  return template.flatMap((part) => {
    if (part === '{entry}') return [entry];
    if (part === '{sources}') return sources.length > 0 ? sources : [entry];
    return [part];
  });
}
