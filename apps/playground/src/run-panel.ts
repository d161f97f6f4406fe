import { outputBytes, type JudgeboxClient, type LiveRun, type SubmissionBody } from '@judgebox/client';
import { byId, el, mib, ms } from './dom';

/** The Run tab: runs the program on the live socket, output as it comes, stdin while it runs. */
export class RunPanel {
  private readonly output = byId<HTMLPreElement>('output');
  private readonly status = byId<HTMLElement>('run-status');
  private readonly liveInput = byId<HTMLInputElement>('live-input');
  private readonly runButton = byId<HTMLButtonElement>('run');
  private readonly killButton = byId<HTMLButtonElement>('kill');
  private readonly eofButton = byId<HTMLButtonElement>('send-eof');
  private current: LiveRun | null = null;
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(
    private readonly client: JudgeboxClient,
    private readonly body: () => SubmissionBody,
  ) {
    this.runButton.addEventListener('click', () => void this.run());
    this.killButton.addEventListener('click', () => this.current?.kill());
    this.eofButton.addEventListener('click', () => this.current?.stdin.end());
    this.liveInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || !this.current) return;
      event.preventDefault();
      const line = `${this.liveInput.value}\n`;
      this.current.stdin.write(line);
      this.append('stdin', line);
      this.liveInput.value = '';
    });
    this.setRunning(false);
  }

  async run(): Promise<void> {
    if (this.current) return;
    this.output.textContent = '';
    this.say('Queued…');
    const run = this.client.live(this.body());
    this.current = run;
    this.setRunning(true);
    try {
      for await (const message of run) {
        switch (message.type) {
          case 'stage':
            this.say(
              message.stage === 'compile' ? 'Compiling…' : 'Running… type input below, Enter sends it',
            );
            if (message.stage === 'run') this.liveInput.focus();
            break;
          case 'output':
            this.append(
              message.stream,
              this.decoders[message.stream].decode(outputBytes(message.data, message.encoding), {
                stream: true,
              }),
            );
            break;
          case 'finished': {
            const result = message.submission.result;
            const phase = result?.run ?? result?.compile;
            this.say(
              [
                result?.verdict ?? 'finished',
                result?.message ?? '',
                phase ? `exit ${phase.exitCode ?? phase.signal ?? '?'}` : '',
                ms(phase?.cpuTimeMs),
                mib(phase?.peakMemoryBytes),
              ]
                .filter(Boolean)
                .join(' · '),
              result?.verdict,
            );
            break;
          }
          case 'accepted':
          case 'compiled':
          case 'testCase':
          case 'error': // thrown by the iteration right after
            break;
        }
      }
    } catch (err) {
      this.say((err as Error).message, 'error');
    } finally {
      this.current = null;
      this.setRunning(false);
    }
  }

  private append(stream: string, text: string): void {
    if (text.length === 0) return;
    this.output.append(el('span', { class: stream }, text));
    this.output.scrollTop = this.output.scrollHeight;
  }

  private say(text: string, verdict?: string): void {
    this.status.textContent = text;
    this.status.dataset.verdict = verdict ?? '';
  }

  private setRunning(running: boolean): void {
    this.runButton.disabled = running;
    this.killButton.disabled = !running;
    this.eofButton.disabled = !running;
    this.liveInput.disabled = !running;
  }
}
