import { JUDGE_BOUNDS, type InteractionTranscript, type Limits } from '@judgebox/domain';
import type { PhaseOutcome, PhaseSpec, SandboxFile } from '../sandbox/sandbox-driver';
import { LiveStdin } from '../submissions/live-stdin';
import { isUtf8 } from '../submissions/phase-result';
import type { JudgePrograms, PreparedProgram } from './judge-programs.service';

export interface InteractorRunSpec {
  programs: JudgePrograms;
  interactor: PreparedProgram;
  /** The test's input (and answer) files, in the interactor's sandbox only. */
  files: SandboxFile[];
  args: string[];
  limits: Limits;
  transcript: boolean;
  signal: AbortSignal;
}

/**
 * One interactive test case: the program and the interactor, each in its own sandbox, joined by
 * the worker, which relays each one's stdout to the other's stdin as it arrives. What is relayed
 * is bounded by each side's output limit (past it that side is killed), and the relay waits on
 * nothing: a side that does not read only fills its own stdin queue, up to the other's limit.
 * The interactor starts when the program's process does; each side's end closes the other's stdin.
 */
export class InteractiveCase {
  private readonly toProgram = new LiveStdin();
  private readonly fromProgram = new LiveStdin();
  private readonly sent = new Transcript();
  private readonly received = new Transcript();
  private running: Promise<PhaseOutcome> | null = null;

  constructor(private readonly spec: InteractorRunSpec) {}

  /** The program's phase, wired to the interactor. */
  wire(run: PhaseSpec): PhaseSpec {
    return {
      ...run,
      stdin: this.toProgram,
      onOutput: (stream, chunk) => {
        if (stream !== 'stdout') return;
        this.received.add(chunk);
        this.fromProgram.push(chunk);
      },
      onStart: () => this.start(),
      onEnd: () => this.fromProgram.end(),
    };
  }

  /** The interactor's outcome once it ended; null when it never started. Throws on an infrastructure fault. */
  async interactorOutcome(): Promise<PhaseOutcome | null> {
    return this.running;
  }

  transcript(): InteractionTranscript | null {
    if (!this.spec.transcript) return null;
    const [to, from] = [this.sent.bytes(), this.received.bytes()];
    const utf8 = isUtf8(to) && isUtf8(from);
    const enc = utf8 ? 'utf8' : 'base64';
    return {
      toProgram: to.toString(enc),
      fromProgram: from.toString(enc),
      encoding: enc,
      truncated: this.sent.truncated || this.received.truncated,
    };
  }

  private start(): void {
    const { programs, interactor, files, args, limits, signal } = this.spec;
    this.running = programs.run(
      interactor,
      {
        args,
        files,
        limits,
        stdin: this.fromProgram,
        onOutput: (stream, chunk) => {
          if (stream !== 'stdout') return;
          this.sent.add(chunk);
          this.toProgram.push(chunk);
        },
        onEnd: () => this.toProgram.end(),
      },
      signal,
    );
    // Whatever happens, the program's stdin ends; the error itself is raised by interactorOutcome.
    this.running.catch(() => this.toProgram.end());
  }
}

/** The first transcriptBytes of one direction. */
class Transcript {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  truncated = false;

  add(chunk: Buffer): void {
    const room = JUDGE_BOUNDS.transcriptBytes - this.kept;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (piece.length < chunk.length) this.truncated = true;
    this.chunks.push(Buffer.from(piece));
    this.kept += piece.length;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
