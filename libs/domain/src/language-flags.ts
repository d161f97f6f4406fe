import type { Limits } from './limits';

/* Flags and limits shared by several catalog entries (languages.ts, more-languages.ts). */

// The JVM in a sandbox: one CPU, so the serial collector (no GC threads, smallest footprint);
// the heap sized from the cgroup limit the JVM reads at start (half of it; the rest is metaspace,
// code cache, thread stacks); deep recursion is common in judge problems, hence a 64 MiB main stack
// (only touched pages count); no hsperfdata file in /tmp.
export const JVM_RUN = [
  '-XX:+UseSerialGC',
  '-XX:MaxRAMPercentage=50',
  '-Xss64m',
  '-XX:-UsePerfData',
  '-XX:ActiveProcessorCount=1',
];
// Compilers start a JVM once and run briefly: C1 only starts fastest.
export const JVM_COMPILE =
  '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=60 -Xss16m -XX:-UsePerfData -XX:ActiveProcessorCount=1';
// A JVM runs ~20 threads before user code starts (GC, JIT, signal, finalizer, cleaner), and heap +
// metaspace + code cache need more room than the default 256 MiB leaves.
export const JVM_LIMITS: Partial<Limits> = { memoryMb: 512, processes: 128 };
// kotlinc and scalac load their whole compiler on a cold JVM (hello world: ~1.5 s CPU and up to 250 MiB
// here); real programs and slower hosts take several times that, with a heap of 60% of the limit.
export const JVM_COMPILER_LIMITS: Partial<Limits> = {
  cpuTimeMs: 30_000,
  wallTimeMs: 45_000,
  memoryMb: 1_024,
  processes: 128,
};

// The BEAM in a sandbox of one CPU: its schedulers spin a while before they sleep, which only burns
// the program's CPU time, and under gVisor every spin is a trip through its kernel (Elixir's hello
// world: about 400 -> 365 ms of CPU under runc, 1.8-2.9 s -> 1.3-1.5 s under gVisor).
export const BEAM_ENV = 'ERL_FLAGS=+sbwt none +sbwtdcpu none +sbwtdio none';

// Runtimes whose start alone nears the default 2 s of CPU under gVisor (Groovy, Elixir).
export const SLOW_START_LIMITS: Partial<Limits> = { cpuTimeMs: 5_000, wallTimeMs: 10_000 };

// Client options go after our -O2 (the last -O wins) and before the sources.
export const GCC = ['-O2', '-pipe', '-o', 'main', '{options}', '{sources}'];
export const GCC_OPTIONS: readonly RegExp[] = [
  /^-O[0-3sgz]$/,
  /^-Ofast$/,
  /^-std=[a-z0-9+]{1,16}$/,
  /^-g[0-3]?$/,
  /^-pedantic(-errors)?$/,
  /^-w$/,
  // Warnings only: no comma, so -Wl,… -Wa,… -Wp,… (linker, assembler, preprocessor pass-through) never match.
  /^-W[a-z][a-z0-9=-]{0,40}$/,
  /^-D[A-Za-z_][A-Za-z0-9_]{0,40}(=[A-Za-z0-9_.+-]{0,40})?$/,
  /^-U[A-Za-z_][A-Za-z0-9_]{0,40}$/,
  /^-f(no-)?(exceptions|rtti|strict-aliasing|wrapv|trapv|unroll-loops|fast-math|omit-frame-pointer|stack-protector(-strong|-all)?)$/,
  /^-pthread$/,
  /^-l(m|pthread|rt)$/,
];
