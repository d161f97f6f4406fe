import { Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { PassThrough, type Duplex } from 'node:stream';
import {
  CLOSE_STDIN_FRAME,
  exitCodeOf,
  filesFrames,
  goFrame,
  holdFrame,
  INIT_PROTOCOL_VERSION,
  InitFrameDecoder,
  KILL_ALL_FRAME,
  runFrame,
  stdinFrames,
  type InitEntry,
  type InitEvent,
} from './init-protocol';

/** How the sandbox's init reported a command's end. */
export interface InitExit {
  exitCode: number;
  /**
   * From fork to exit, by the init's clock: no engine or IPC time in it. For a held command that
   * reached its exec (`started`), from that moment: its sandbox's building is not in it.
   */
  wallTimeMs: number;
  /** A held command (hold, go) reached its exec: jbwait marked before exec'ing it. */
  started: boolean;
}

export type OutputStream = 'stdout' | 'stderr';

/** The cgroup's CPU ns when a held command reached its exec, as the sandbox read it; null if unknown. */
export type OnStarted = (cpuNs: number | null) => void;

interface Running {
  onOutput: (stream: OutputStream, data: Buffer) => void;
  onStarted?: OnStarted;
  started: boolean;
  done: (exit: InitExit | null) => void;
  fail: (err: Error) => void;
}

/**
 * The worker's line to a sandbox's PID 1 (jbinit), over the engine's attach stream of the
 * container (its stdin and stdout). Commands start with a frame instead of an engine exec, so no
 * `runc exec` is on the request path. One command at a time.
 */
export class InitChannel {
  private readonly log = new Logger(InitChannel.name);
  private readonly decoder = new InitFrameDecoder();
  private running: Running | null = null;
  /** A command started by `hold`, waiting for `go`. */
  private held = false;
  /** The answer awaited for the files frame in flight. */
  private filing: { done: (err: Error | null) => void } | null = null;
  private closed = false;
  private readonly hello: Promise<number>;
  private onHello: (version: number) => void = () => undefined;
  private onClosedEarly: (err: Error) => void = () => undefined;

  /** Attaches to a created container; call before it starts so nothing it says is missed. */
  static async attach(docker: Docker, container: Docker.Container): Promise<InitChannel> {
    const stream = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as Duplex;
    return new InitChannel(stream, docker, container.id.slice(0, 12));
  }

  private constructor(
    private readonly stream: Duplex,
    docker: Docker,
    private readonly name: string,
  ) {
    this.hello = new Promise<number>((resolve, reject) => {
      this.onHello = resolve;
      this.onClosedEarly = reject;
    });
    this.hello.catch(() => undefined);
    const out = new PassThrough();
    const err = new PassThrough();
    out.on('data', (chunk: Buffer) => this.receive(chunk));
    err.on('data', (chunk: Buffer) =>
      this.log.warn(`sandbox ${name} init: ${chunk.toString('utf8').trim()}`),
    );
    docker.modem.demuxStream(stream, out, err);
    stream.on('error', (e: Error) => this.shut(e));
    stream.on('end', () => this.shut(null));
    stream.on('close', () => this.shut(null));
  }

  /** Resolves once the init has greeted us with the protocol this worker speaks. */
  async ready(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`sandbox init did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const version = await Promise.race([this.hello, timeout]);
      if (version !== INIT_PROTOCOL_VERSION) {
        throw new Error(
          `sandbox image speaks init protocol ${version}, this worker ${INIT_PROTOCOL_VERSION}: rebuild the images (scripts/build-images.sh)`,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts `cmd`; output arrives through `onOutput` (at most `outputCap` + 1 bytes per stream).
   * `fd3`, when given, is a file opened read-only as the command's fd 3. Resolves with the exit,
   * or null when the sandbox went away before the command ended.
   */
  run(
    cmd: string[],
    outputCap: number,
    onOutput: Running['onOutput'],
    fd3?: string,
  ): Promise<InitExit | null> {
    if (this.held) return Promise.reject(new Error('a command is held in this sandbox'));
    return this.start(runFrame(cmd, outputCap, fd3), onOutput);
  }

  /**
   * Starts `cmd` held (as `run` would with `fd3`) for `go` to run later: it must end with
   * JBWAIT, which execs what `go` sends. Nothing of it is reported before `go`.
   */
  hold(cmd: string[], fd3?: string): void {
    if (this.running || this.held) throw new Error('a command is already running in this sandbox');
    if (this.closed) throw new Error('the sandbox closed');
    this.writeCorked(holdFrame(cmd, fd3));
    this.held = true;
  }

  /**
   * Runs `cmd` as the held command: from here on as `run` does. `onStarted` hears when it reached
   * its exec, with the CPU time its sandbox's cgroup had used by then (the exit says `started` too).
   */
  go(
    cmd: string[],
    outputCap: number,
    onOutput: Running['onOutput'],
    onStarted?: OnStarted,
  ): Promise<InitExit | null> {
    if (!this.held) return Promise.reject(new Error('no command is held in this sandbox'));
    this.held = false;
    return this.start(goFrame(cmd, outputCap), onOutput, onStarted);
  }

  private start(f: Buffer, onOutput: Running['onOutput'], onStarted?: OnStarted): Promise<InitExit | null> {
    if (this.running) return Promise.reject(new Error('a command is already running in this sandbox'));
    if (this.closed) return Promise.resolve(null);
    return new Promise<InitExit | null>((resolve, reject) => {
      this.running = { onOutput, onStarted, started: false, done: resolve, fail: reject };
      this.writeCorked(f);
    });
  }

  /**
   * Writes `f` so that the frames written after it in this same tick (a go after a hold, stdin,
   * close) leave in one write: each write costs a hop through the engine and its shim.
   */
  private writeCorked(f: Buffer): void {
    this.stream.cork();
    this.stream.write(f);
    process.nextTick(() => this.stream.uncork());
  }

  /**
   * Has the init make `entries` (directories and files, as the sandbox user), one frame at a
   * time; rejects with the init's reason at the first it could not make, or after `timeoutMs`.
   */
  async makeFiles(entries: InitEntry[], timeoutMs: number): Promise<void> {
    for (const f of filesFrames(entries)) await this.filesFrame(f, timeoutMs);
  }

  private filesFrame(f: Buffer, timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the sandbox closed'));
    // Files are made while a command is held: a held sandbox waits for them.
    if (this.running || this.filing) return Promise.reject(new Error('the sandbox is busy'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => this.filing?.done(new Error(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.filing = {
        done: (err) => {
          clearTimeout(timer);
          this.filing = null;
          if (err) reject(err);
          else resolve();
        },
      };
      this.stream.write(f);
    });
  }

  /** Stdin for the running command; frames for a command that already ended are dropped by the init. */
  writeStdin(data: Buffer): void {
    if (this.closed) return;
    for (const f of stdinFrames(data)) this.stream.write(f);
  }

  /**
   * Resolves once the socket has taken what was written (at once when it has room), so stdin fed
   * from a stream waits for the program to read instead of piling up in the worker's memory:
   * jbinit reads a new frame only once the last one reached the program.
   */
  drained(): Promise<void> {
    if (this.closed || !this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  closeStdin(): void {
    if (!this.closed) this.stream.write(CLOSE_STDIN_FRAME);
  }

  /** SIGKILLs every process but the init, from inside (for engines whose cgroup we cannot write). */
  killAll(): boolean {
    if (this.closed) return false;
    this.stream.write(KILL_ALL_FRAME);
    return true;
  }

  close(): void {
    this.stream.destroy();
    this.shut(null);
  }

  private receive(chunk: Buffer): void {
    let events: InitEvent[];
    try {
      events = this.decoder.push(chunk);
    } catch (e) {
      this.log.error(`sandbox ${this.name}: ${(e as Error).message}`);
      this.close();
      return;
    }
    for (const ev of events) this.dispatch(ev);
  }

  private dispatch(ev: InitEvent): void {
    const run = this.running;
    switch (ev.type) {
      case 'hello':
        this.onHello(ev.version);
        return;
      case 'stdout':
      case 'stderr':
        run?.onOutput(ev.type, ev.data);
        return;
      case 'started':
        if (!run) return;
        run.started = true;
        run.onStarted?.(ev.cpuNs);
        return;
      case 'exit':
        this.running = null;
        run?.done({
          exitCode: exitCodeOf(ev.status),
          // Rounded up: a command that ran took some time (a C program counted from its exec can
          // end well within a millisecond).
          wallTimeMs: Math.ceil(ev.elapsedNs / 1e6),
          started: run.started,
        });
        return;
      case 'files':
        this.filing?.done(ev.errno === 0 ? null : new Error(ev.message));
        return;
      case 'error':
        this.running = null;
        if (run) run.fail(new Error(`sandbox init refused: ${ev.message}`));
        else this.log.error(`sandbox ${this.name} init: ${ev.message}`);
        return;
    }
  }

  private shut(err: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosedEarly(err ?? new Error('the sandbox closed before its init answered'));
    const run = this.running;
    this.running = null;
    run?.done(null);
    this.filing?.done(err ?? new Error('the sandbox closed'));
  }
}
