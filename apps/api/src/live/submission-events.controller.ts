import { Controller, Get, Param, Sse, SseSignal, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { from, map, type Observable } from 'rxjs';
import { SubmissionIdParams } from '../submissions/submission-params.dto';
import { SubmissionEventsService } from './submission-events.service';

@ApiTags('submissions')
@Controller({ path: 'submissions', version: '1' })
export class SubmissionEventsController {
  constructor(private readonly events: SubmissionEventsService) {}

  @Get(':id/events')
  @Sse()
  @ApiOperation({
    summary:
      'Server-Sent Events of a submission: compiled, one testCase per finished case, finished (replayed when it has finished already)',
  })
  @ApiOkResponse({ description: 'text/event-stream; each event is named by its type, its data is JSON' })
  async stream(
    @Param() params: SubmissionIdParams,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const events = await this.events.open(params.id, signal);
    return from(events).pipe(map((event) => ({ type: event.type, data: event })));
  }
}
