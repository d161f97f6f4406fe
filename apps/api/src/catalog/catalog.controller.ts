import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogService } from './catalog.service';
import { LanguageViewDto, LimitBoundDto, LimitsViewDto } from './catalog.dto';

@ApiTags('catalog')
@ApiExtraModels(LimitBoundDto)
@Controller({ version: '1' })
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('languages')
  @ApiOperation({ summary: 'Supported languages with their versions and limits' })
  @ApiOkResponse({ type: [LanguageViewDto] })
  languages(): Promise<LanguageViewDto[]> {
    return this.catalog.languages();
  }

  @Get('limits')
  @ApiOperation({ summary: 'Every limit a client may set, and the bounds of a submission' })
  @ApiOkResponse({ type: LimitsViewDto })
  limits(): LimitsViewDto {
    return this.catalog.limits();
  }
}
