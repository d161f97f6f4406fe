import { SubmissionState, type SubmissionEvent, type SubmissionView } from '@judgebox/domain';
import type { ProgressEvent } from '@judgebox/queue';

/**
 * What one listener has been sent of a submission's progress, so that each event goes once
 * (a retried job publishes its cases again) and the end fills in what the stream did not carry:
 * a listener that came after the job ended, or after its stream expired, gets the same events
 * from the stored result.
 */
export class ProgressTracker {
  private compiled = false;
  private readonly cases = new Set<number>();

  /** The event when it is news to this listener, else null. */
  accept(event: ProgressEvent): ProgressEvent | null {
    switch (event.type) {
      case 'compiled':
        if (this.compiled) return null;
        this.compiled = true;
        return event;
      case 'testCase':
        if (this.cases.has(event.testCase.index)) return null;
        this.cases.add(event.testCase.index);
        return event;
    }
  }

  /** The events a finished submission's result holds that were not sent, then `finished`. */
  finish(view: SubmissionView): SubmissionEvent[] {
    const result = view.state === SubmissionState.Finished ? view.result : null;
    const ran =
      result !== null && (result.compile !== null || result.run !== null || !!result.testCases?.length);
    const events: (ProgressEvent | null)[] = [
      ran ? this.accept({ type: 'compiled', compile: result.compile }) : null,
      ...(result?.testCases ?? []).map((testCase) => this.accept({ type: 'testCase', testCase })),
    ];
    return [...events.filter((e): e is ProgressEvent => e !== null), { type: 'finished', submission: view }];
  }
}
