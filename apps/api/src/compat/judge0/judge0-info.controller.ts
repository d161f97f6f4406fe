import { Controller, Get, HttpStatus, Param, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '../../tenants/route-access.decorator';
import { Judge0Exception, Judge0ExceptionFilter } from './judge0-errors';
import { Judge0InfoService } from './judge0-info.service';
import { JUDGE0_STATUSES } from './judge0-status';

/** The Judge0 API version whose contract this adapter follows (GET /about). */
export const JUDGE0_COMPAT_VERSION = '1.13.1';

/** Judge0 CE's catalog and information routes. */
@ApiExcludeController()
@Access('judge0')
@UseFilters(Judge0ExceptionFilter)
@Controller()
export class Judge0InfoController {
  constructor(private readonly info: Judge0InfoService) {}

  /**
   * The languages a submission runs in now, as Judge0 lists its installed ones: one whose image
   * is still being built is left out (it is in /languages/all). With no worker up, all of them.
   */
  @Get('languages')
  languages(): Promise<{ id: number; name: string }[]> {
    return this.info.languages();
  }

  @Get('languages/all')
  allLanguages(): Promise<{ id: number; name: string; is_archived: boolean }[]> {
    return this.info.allLanguages();
  }

  @Get('languages/:id')
  async language(@Param('id') id: string): Promise<object> {
    const lang = /^\d{1,6}$/.test(id) ? await this.info.language(Number(id)) : null;
    if (!lang) throw new Judge0Exception(null, HttpStatus.NOT_FOUND);
    return lang;
  }

  @Get('statuses')
  statuses(): readonly { id: number; description: string }[] {
    return JUDGE0_STATUSES;
  }

  @Get('about')
  about(): object {
    return {
      version: JUDGE0_COMPAT_VERSION,
      homepage: 'https://github.com/judgebox/judgebox',
      source_code: 'https://github.com/judgebox/judgebox',
      maintainer: 'judgebox (Judge0 CE compatible API)',
    };
  }

  @Get('config_info')
  configInfo(): object {
    return this.info.configInfo();
  }

  @Get('workers')
  workers(): Promise<object[]> {
    return this.info.workers();
  }
}
