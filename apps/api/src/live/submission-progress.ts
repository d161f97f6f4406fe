import { setTimeout as sleep } from 'node:timers/promises';
import { SubmissionState, type SubmissionEvent, type SubmissionView } from '@judgebox/domain';
import { PROGRESS } from '@judgebox/queue';
import type { ProgressStreams } from '../queue/progress-streams';
import type { SubmissionsService } from '../submissions/submissions.service';
import { ProgressTracker } from './progress-tracker';

export interface ProgressDeps {
  submissions: Pick<SubmissionsService, 'read'>;
  streams: Pick<ProgressStreams, 'read' | 'listen'>;
}

/** A stream with nothing new is read again after this. */
const POLL_MS = 100;
/** The job itself is read this often (and at every poll once a worker said it is done). */
const CHECK_MS = 1_000;

/**
 * A submission's events from `view` (as first read) on: what workers publish to its progress
 * stream, then what the stored result adds, then `finished`. Ends early, without `finished`, when
 * `signal` aborts, `maxMs` passes or the submission expires.
 */
export async function* submissionProgress(
  id: string,
  first: SubmissionView,
  deps: ProgressDeps,
  signal: AbortSignal,
  maxMs: number,
): AsyncGenerator<SubmissionEvent> {
  const tracker = new ProgressTracker();
  const deadline = Date.now() + maxMs;
  let view = first;
  let lastId = '0';
  let checkedAt = Date.now();
  let workerDone = false;
  let listenedAt = -Infinity;
  while (!signal.aborted && Date.now() <= deadline) {
    if (view.state === SubmissionState.Finished) return yield* tracker.finish(view);
    if (Date.now() - listenedAt >= PROGRESS.listenRenewSeconds * 1000) {
      listenedAt = Date.now();
      await deps.streams.listen(id);
    }
    const read = await deps.streams.read(id, lastId);
    lastId = read.lastId;
    for (const entry of read.entries) {
      if (entry.type === 'done') workerDone = true;
      else {
        const news = tracker.accept(entry);
        if (news) yield news;
      }
    }
    if (workerDone || Date.now() - checkedAt >= CHECK_MS) {
      const found = await deps.submissions.read(id);
      if (!found) return;
      view = found.view;
      checkedAt = Date.now();
    }
    if (read.entries.length === 0 && view.state !== SubmissionState.Finished)
      await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
  }
}
