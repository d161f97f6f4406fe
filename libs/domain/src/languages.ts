import type { Limits } from './limits';
import { GCC, GCC_OPTIONS, JVM_COMPILE, JVM_COMPILER_LIMITS, JVM_LIMITS, JVM_RUN } from './language-flags';
import { MORE_LANGUAGES } from './more-languages';

/**
 * One entry per language. In a command, `{entry}` is replaced by the entry file name,
 * `{entryStem}` by that name without `sourceExtension` (class or module names), and
 * `{sources}` (a whole item) by every file whose name ends with `sourceExtension` (in order), and
 * `{options}` (a whole item) by the client's compiler options, each matched whole by `compilerOptions`.
 * Arguments from the client are appended to `run` as separate argv items; nothing goes through a shell.
 */
export interface LanguageSpec {
  id: string;
  name: string;
  aliases: string[];
  /** Folder under sandbox-images/ and image name judgebox/<image>; several languages may share one. */
  image: string;
  sourceFile: string;
  sourceExtension: string;
  /** Null for interpreted languages: their syntax errors are runtime errors. */
  compile: string[] | null;
  run: string[];
  /** Raises defaults (and, where higher, maxima) of the limits table for this language. */
  limitOverrides: Partial<Limits>;
  /** Replaces values of COMPILE_LIMITS for this language's compile phase (slow compilers); up to MAX_COMPILE_LIMITS. */
  compileLimitOverrides?: Partial<Limits>;
  /**
   * Compiler options a client may add, each item matched whole by one pattern; absent means none.
   * Only options that change code generation or diagnostics: nothing naming a path, a plugin, the
   * linker or the assembler (`-o /x`, `-fplugin=`, `-Wl,`, `-B`, `@file` are never matched).
   */
  compilerOptions?: readonly RegExp[];
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
    // Python with the libraries courses use (numpy, pandas, scipy, matplotlib drawing with Agg to
    // files, scikit-learn, sympy) and pytest; importing them costs about a second of CPU.
    id: 'python-ml',
    name: 'Python 3 with numpy, pandas, scipy, matplotlib, scikit-learn, sympy',
    aliases: ['python-teaching', 'numpy'],
    image: 'python-ml',
    sourceFile: 'main.py',
    sourceExtension: '.py',
    compile: null,
    run: ['env', 'MPLBACKEND=Agg', 'MPLCONFIGDIR=/tmp/matplotlib', 'python3', '-I', '{entry}'],
    limitOverrides: { cpuTimeMs: 10_000, wallTimeMs: 20_000, memoryMb: 512 },
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
    // Type-checked with tsc (types for Node.js installed next to it), then run by node.
    id: 'typescript',
    name: 'TypeScript',
    aliases: ['ts', 'tsc'],
    image: 'typescript',
    sourceFile: 'main.ts',
    sourceExtension: '.ts',
    compile: [
      'tsc',
      '--pretty',
      'false',
      '--target',
      'es2022',
      '--module',
      'commonjs',
      '--lib',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      '/usr/local/lib/node_modules/@types',
      '--skipLibCheck',
      '{sources}',
    ],
    run: ['node', '{entryStem}.js'],
    limitOverrides: {},
    // tsc type-checks against all of @types/node on a cold node: ~1 s CPU for hello world here, many
    // seconds for real programs on slower hosts.
    compileLimitOverrides: { cpuTimeMs: 20_000, wallTimeMs: 30_000 },
  },
  {
    id: 'c',
    name: 'C (GCC)',
    aliases: ['gcc'],
    image: 'gcc',
    sourceFile: 'main.c',
    sourceExtension: '.c',
    compile: ['gcc', '-std=gnu17', ...GCC, '-lm'],
    run: ['./main'],
    limitOverrides: {},
    compilerOptions: GCC_OPTIONS,
  },
  {
    id: 'cpp',
    name: 'C++ (G++)',
    aliases: ['c++', 'g++', 'cxx'],
    image: 'gcc',
    sourceFile: 'main.cpp',
    sourceExtension: '.cpp',
    compile: ['g++', '-std=gnu++17', ...GCC],
    run: ['./main'],
    limitOverrides: {},
    compilerOptions: GCC_OPTIONS,
  },
  {
    // C++ with GoogleTest (static libgtest, libgtest_main), for grading by unit tests (docs/teaching.md).
    id: 'cpp-gtest',
    name: 'C++ (G++) with GoogleTest',
    aliases: ['gtest', 'googletest'],
    image: 'cpp-gtest',
    sourceFile: 'main.cpp',
    sourceExtension: '.cpp',
    compile: ['g++', '-std=gnu++17', ...GCC, '-lgtest', '-pthread'],
    run: ['./main'],
    limitOverrides: {},
    // gtest.h is heavy and libgtest links statically: a two-test suite takes seconds of CPU here.
    compileLimitOverrides: { cpuTimeMs: 30_000, wallTimeMs: 45_000, memoryMb: 1_024 },
    compilerOptions: GCC_OPTIONS,
  },
  {
    id: 'fortran',
    name: 'Fortran (GFortran)',
    aliases: ['gfortran', 'f90'],
    image: 'gcc',
    sourceFile: 'main.f90',
    sourceExtension: '.f90',
    compile: ['gfortran', ...GCC],
    run: ['./main'],
    limitOverrides: {},
    compilerOptions: GCC_OPTIONS,
  },
  {
    id: 'd',
    name: 'D (GDC)',
    aliases: ['gdc', 'dlang'],
    image: 'gcc',
    sourceFile: 'main.d',
    sourceExtension: '.d',
    compile: ['gdc', ...GCC],
    run: ['./main'],
    limitOverrides: {},
    compilerOptions: GCC_OPTIONS,
  },
  {
    // Any public class name: judgebox-javac (sandbox-images/java) compiles a file javac refuses for
    // its name from a copy named after its public class, and writes the class to run to .jbmain.
    id: 'java',
    name: 'Java (OpenJDK)',
    aliases: ['jdk'],
    image: 'java',
    sourceFile: 'Main.java',
    sourceExtension: '.java',
    compile: [
      'judgebox-javac',
      '{entry}',
      ...JVM_COMPILE.split(' ').map((f) => `-J${f}`),
      '-encoding',
      'UTF-8',
      '-d',
      '.',
      '{options}',
      '{sources}',
    ],
    compilerOptions: [
      /^-Xlint(:[a-z,-]{1,80})?$/,
      /^-g(:none)?$/,
      /^-nowarn$/,
      /^-Werror$/,
      /^-deprecation$/,
      /^-parameters$/,
    ],
    // The class named in .jbmain (a java @argfile); client arguments after it are never expanded.
    run: ['java', ...JVM_RUN, '-cp', '.', '@.jbmain'],
    limitOverrides: JVM_LIMITS,
    compileLimitOverrides: { processes: 128 },
  },
  {
    // Java with JUnit 5 (Jupiter) on the class path, for grading by unit tests (docs/teaching.md).
    id: 'java-junit',
    name: 'Java (OpenJDK) with JUnit 5',
    aliases: ['junit', 'junit5'],
    image: 'java-junit',
    sourceFile: 'Main.java',
    sourceExtension: '.java',
    compile: [
      'javac',
      ...JVM_COMPILE.split(' ').map((f) => `-J${f}`),
      '-encoding',
      'UTF-8',
      '-cp',
      '/usr/share/java/junit-platform-console-standalone.jar',
      '-d',
      '.',
      '{sources}',
    ],
    run: [
      'java',
      ...JVM_RUN,
      '-cp',
      '.:/usr/share/java/junit-platform-console-standalone.jar',
      '{entryStem}',
    ],
    // The JUnit launcher loads its engine on a cold JVM: a second or two of CPU before any test;
    // javac compiles the teacher's tests too.
    limitOverrides: { ...JVM_LIMITS, cpuTimeMs: 10_000, wallTimeMs: 20_000 },
    compileLimitOverrides: { processes: 128, cpuTimeMs: 20_000, wallTimeMs: 30_000 },
  },
  {
    id: 'kotlin',
    name: 'Kotlin',
    aliases: ['kt', 'kotlinc'],
    image: 'kotlin',
    sourceFile: 'main.kt',
    sourceExtension: '.kt',
    compile: [
      'env',
      `JAVA_OPTS=${JVM_COMPILE}`,
      'kotlinc',
      '-nowarn',
      '-include-runtime',
      '-d',
      'main.jar',
      '{sources}',
    ],
    run: ['java', ...JVM_RUN, '-jar', 'main.jar'],
    limitOverrides: JVM_LIMITS,
    compileLimitOverrides: JVM_COMPILER_LIMITS,
  },
  {
    id: 'scala',
    name: 'Scala',
    aliases: ['scalac'],
    image: 'scala',
    sourceFile: 'main.scala',
    sourceExtension: '.scala',
    compile: ['env', `JAVA_OPTS=${JVM_COMPILE}`, 'scalac', '-nowarn', '-d', 'main.jar', '{sources}'],
    run: ['java', ...JVM_RUN, '-cp', '/usr/share/scala/lib/scala-library.jar:main.jar', 'Main'],
    limitOverrides: JVM_LIMITS,
    compileLimitOverrides: JVM_COMPILER_LIMITS,
  },
  {
    // The build cache goes to the noexec /tmp (only data); the standard library comes precompiled.
    id: 'go',
    name: 'Go',
    aliases: ['golang'],
    image: 'go',
    sourceFile: 'main.go',
    sourceExtension: '.go',
    compile: [
      'env',
      'GOCACHE=/tmp/go-cache',
      'GOPATH=/tmp/go',
      'GO111MODULE=off',
      'go',
      'build',
      '-o',
      'main',
      '{sources}',
    ],
    run: ['./main'],
    // The Go runtime starts a thread per busy P and per blocking syscall; GOMAXPROCS follows the host's CPUs.
    limitOverrides: { processes: 128 },
    compileLimitOverrides: { processes: 128 },
  },
  {
    id: 'rust',
    name: 'Rust',
    aliases: ['rs', 'rustc'],
    image: 'rust',
    sourceFile: 'main.rs',
    sourceExtension: '.rs',
    compile: ['rustc', '--edition', '2021', '-O', '-o', 'main', '{options}', '{entry}'],
    run: ['./main'],
    limitOverrides: {},
    compilerOptions: [
      /^-C(opt-level=[0-3sz]|debug-assertions=(on|off|yes|no)|overflow-checks=(on|off|yes|no))$/,
      /^-g$/,
      /^--edition=20(15|18|21)$/,
    ],
  },
  {
    id: 'csharp',
    name: 'C# (Mono)',
    aliases: ['cs', 'c#', 'mono'],
    image: 'mono',
    sourceFile: 'main.cs',
    sourceExtension: '.cs',
    compile: ['mcs', '-optimize+', '-out:main.exe', '{sources}'],
    run: ['mono', 'main.exe'],
    // Mono runs its JIT, GC, finalizer and thread-pool threads beside the program.
    limitOverrides: { processes: 128 },
    compileLimitOverrides: { processes: 128 },
  },
  {
    id: 'ruby',
    name: 'Ruby',
    aliases: ['rb'],
    image: 'ruby',
    sourceFile: 'main.rb',
    sourceExtension: '.rb',
    compile: null,
    run: ['ruby', '{entry}'],
    limitOverrides: {},
  },
  {
    id: 'php',
    name: 'PHP',
    aliases: [],
    image: 'php',
    sourceFile: 'main.php',
    sourceExtension: '.php',
    compile: null,
    run: ['php', '-d', 'display_errors=stderr', '{entry}'],
    limitOverrides: {},
  },
  {
    id: 'perl',
    name: 'Perl',
    aliases: ['pl'],
    image: 'perl',
    sourceFile: 'main.pl',
    sourceExtension: '.pl',
    compile: null,
    run: ['perl', '{entry}'],
    limitOverrides: {},
  },
  {
    id: 'lua',
    name: 'Lua',
    aliases: ['lua5.4'],
    image: 'lua',
    sourceFile: 'main.lua',
    sourceExtension: '.lua',
    compile: null,
    run: ['lua5.4', '{entry}'],
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
  {
    id: 'haskell',
    name: 'Haskell (GHC)',
    aliases: ['hs', 'ghc'],
    image: 'haskell',
    sourceFile: 'main.hs',
    sourceExtension: '.hs',
    compile: ['ghc', '-O', '-v0', '-o', 'main', '{options}', '{entry}'],
    compilerOptions: [/^-O[0-2]?$/, /^-W[a-z-]{0,40}$/, /^-X[A-Z][A-Za-z]{0,40}$/],
    run: ['./main'],
    limitOverrides: {},
    // GHC with -O is slow and memory-hungry on real programs (optimisation passes, the linker via gcc);
    // hello world alone takes 0.3 s and 120 MiB here.
    compileLimitOverrides: { cpuTimeMs: 30_000, wallTimeMs: 45_000, memoryMb: 1_024 },
  },
  {
    id: 'ocaml',
    name: 'OCaml',
    aliases: ['ml'],
    image: 'ocaml',
    sourceFile: 'main.ml',
    sourceExtension: '.ml',
    compile: ['ocamlopt', '-o', 'main', '{sources}'],
    run: ['./main'],
    limitOverrides: {},
  },
  {
    id: 'pascal',
    name: 'Pascal (Free Pascal)',
    aliases: ['fpc', 'pas'],
    image: 'pascal',
    sourceFile: 'main.pas',
    sourceExtension: '.pas',
    compile: ['fpc', '-O2', '-v0ew', '-omain', '{options}', '{entry}'],
    compilerOptions: [/^-O[1-4]$/, /^-M(fpc|objfpc|delphi|tp|macpas|iso)$/, /^-C[ortiR]$/, /^-g$/],
    run: ['./main'],
    limitOverrides: {},
  },
  {
    id: 'r',
    name: 'R',
    aliases: ['rscript'],
    image: 'r',
    sourceFile: 'main.R',
    sourceExtension: '.R',
    compile: null,
    run: ['Rscript', '--vanilla', '{entry}'],
    limitOverrides: {},
  },
  {
    // Judge0's "Multi-file program" (its id 89): the files bring their own build and run scripts,
    // run by bash in the GCC image, which also holds Python 3 and make. Without a `compile` script
    // the compile phase checks the run script's syntax (bash -n). The entry's name goes in as $1,
    // never into the script text.
    id: 'multi',
    name: 'Multi-file program',
    aliases: ['multi-file'],
    image: 'gcc',
    sourceFile: 'run',
    sourceExtension: '',
    compile: [
      'bash',
      '-c',
      'if [ -e compile ]; then exec bash compile; fi; exec bash -n "$1"',
      'bash',
      '{entry}',
    ],
    run: ['bash', '{entry}'],
    limitOverrides: {},
  },
  {
    // The script runs against an empty in-memory database; -bail stops at the first error with exit code 1.
    // The trailing ".quit" keeps sqlite3 from reading stdin as more SQL (programs may read it with .import).
    id: 'sql',
    name: 'SQL (SQLite)',
    aliases: ['sqlite', 'sqlite3'],
    image: 'sqlite',
    sourceFile: 'main.sql',
    sourceExtension: '.sql',
    compile: null,
    run: ['sqlite3', '-bail', '-batch', '-init', '{entry}', ':memory:', '.quit'],
    limitOverrides: {},
  },
  // Languages of issue 18 (Judge0's and Piston's that Debian bookworm or npm provide).
  ...MORE_LANGUAGES,
];

const BY_NAME = new Map<string, LanguageSpec>();
for (const lang of LANGUAGES)
  for (const key of [lang.id, ...lang.aliases]) BY_NAME.set(key.toLowerCase(), lang);

/** Finds a language by id or alias, case-insensitively. */
export function findLanguage(idOrAlias: string): LanguageSpec | undefined {
  return BY_NAME.get(idOrAlias.toLowerCase());
}

/** Image name for a language; the tag is fixed so a worker never runs an image it did not check. */
export function imageName(lang: Pick<LanguageSpec, 'image'>): string {
  return `judgebox/${lang.image}:latest`;
}

/** Expands `{entry}`, `{entryStem}`, `{sources}` and `{options}` in a command template. */
export function expandCommand(
  template: readonly string[],
  entry: string,
  fileNames: readonly string[],
  ext: string,
  options: readonly string[] = [],
): string[] {
  const sources = fileNames.filter((n) => n.endsWith(ext));
  const stem = entry.endsWith(ext) ? entry.slice(0, entry.length - ext.length) : entry;
  return template.flatMap((part) => {
    if (part === '{sources}') return sources.length > 0 ? sources : [entry];
    if (part === '{options}') return [...options];
    // One argv item stays one item whatever the name holds: no shell ever parses it.
    return [part.replaceAll('{entryStem}', stem).replaceAll('{entry}', entry)];
  });
}

/** Why a compiler option is refused for `lang`, or null when its allowlist matches it whole. */
export function compilerOptionProblem(
  lang: Pick<LanguageSpec, 'id' | 'compilerOptions'>,
  option: string,
): string | null {
  const allowed = lang.compilerOptions ?? [];
  if (allowed.length === 0) return `${lang.id} takes no compiler options`;
  return allowed.some((re) => re.test(option))
    ? null
    : `${JSON.stringify(option)} is not an allowed ${lang.id} compiler option`;
}
