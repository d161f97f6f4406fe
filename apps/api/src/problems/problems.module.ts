import { Module } from '@nestjs/common';
import { ProblemFilesService } from './problem-files.service';
import { ProblemRequests } from './problem-requests';
import { ProblemVersions } from './problem-versions';
import { ProblemsController } from './problems.controller';
import { ProblemsRepository } from './problems.repository';
import { ProblemsService } from './problems.service';
import { PolygonImportService } from './polygon/polygon-import.service';

/** Stored problems (docs/problems.md); exports what submissions naming a problem need. */
@Module({
  controllers: [ProblemsController],
  providers: [
    ProblemsRepository,
    ProblemVersions,
    ProblemsService,
    ProblemFilesService,
    ProblemRequests,
    PolygonImportService,
  ],
  exports: [ProblemRequests],
})
export class ProblemsModule {}
