import { Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { longestRunMs, type SubmissionEvent } from '@judgebox/domain';
import { RetryLaterException } from '../common/retry-later.exception';
import { ProgressStreams } from '../queue/progress-streams';
import { SubmissionsService } from '../submissions/submissions.service';
import { submissionProgress } from './submission-progress';

/** Beyond the queue wait and the longest run: container start, unpacking, a retry's backoff. */
const SLACK_MS = 30_000;

/** Event streams of submissions, at most EVENTS_MAX_STREAMS open at once in this process. */
@Injectable()
export class SubmissionEventsService {
  private open_ = 0;

  constructor(
    private readonly submissions: SubmissionsService,
    private readonly streams: ProgressStreams,
    private readonly config: AppConfig,
  ) {}

  /** 404 for an unknown submission and 503 when too many streams are open, before any event. */
  async open(id: string, signal: AbortSignal): Promise<AsyncGenerator<SubmissionEvent>> {
    if (this.open_ >= this.config.EVENTS_MAX_STREAMS)
      throw new RetryLaterException('too many event streams are open, retry later', 5);
    const found = await this.submissions.read(id);
    if (!found) throw new NotFoundException(`submission ${id} not found (unknown or expired)`);
    // A stream that outlives every attempt the job could make ends; EventSource reconnects then.
    const maxMs = this.config.WAIT_TIMEOUT_MS + 2 * (longestRunMs() + SLACK_MS);
    const deps = { submissions: this.submissions, streams: this.streams };
    return this.counted(submissionProgress(id, found.view, deps, signal, maxMs));
  }

  private async *counted(events: AsyncGenerator<SubmissionEvent>): AsyncGenerator<SubmissionEvent> {
    this.open_++;
    try {
      yield* events;
    } finally {
      this.open_--;
    }
  }
}
