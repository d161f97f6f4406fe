import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { SubmissionState, type SubmissionView } from '@judgebox/domain';
import { CreateSubmissionDto } from './create-submission.dto';
import { SubmissionIdParams, SubmitQueryDto } from './submission-params.dto';
import { SubmissionViewDto } from './submission-view.dto';
import { SubmissionsService } from './submissions.service';
import { WebhooksService } from '../webhooks/webhooks.service';

/** The part of the response object this controller touches. */
interface StatusResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

@ApiTags('submissions')
@Controller({ path: 'submissions', version: '1' })
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly webhooks: WebhooksService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Queue a submission; with wait=true, answer with its result when it finishes in time',
  })
  @ApiAcceptedResponse({
    type: SubmissionViewDto,
    description: 'queued (or still running when wait timed out)',
  })
  @ApiOkResponse({ type: SubmissionViewDto, description: 'finished (wait=true)' })
  @ApiBadRequestResponse({ description: 'the body is invalid; `errors` names each field' })
  async create(
    @Body() body: CreateSubmissionDto,
    @Query() query: SubmitQueryDto,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<SubmissionView> {
    const after = await this.webhooks.followUp(body.callbackUrl);
    const view = await this.submissions.submit(body, query.wait ?? false, after);
    res.setHeader('Location', `/v1/submissions/${view.id}`);
    res.status(view.state === SubmissionState.Finished ? HttpStatus.OK : HttpStatus.ACCEPTED);
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'State of a submission, with its result once finished' })
  @ApiOkResponse({ type: SubmissionViewDto })
  find(@Param() params: SubmissionIdParams): Promise<SubmissionView> {
    return this.submissions.find(params.id);
  }
}
