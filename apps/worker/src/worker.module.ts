import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig, ConfigModule, loggingModule } from '@judgebox/config';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { DrainState } from './drain-state';
import { EngineWatch } from './engine/engine-watch.service';
import { WorkerHealthController } from './health.controller';
import { WorkerMetricsController } from './metrics/metrics.controller';
import { WorkerMetrics } from './metrics/worker-metrics';
import { ProblemData } from './problems/problem-data.service';
import { metaRedisProvider } from './redis.provider';
import { ContainerSandboxDriver } from './sandbox/container/container-sandbox.driver';
import { dockerProvider } from './sandbox/docker.provider';
import { ImageWatch } from './sandbox/image-watch.service';
import { LanguageVersions } from './sandbox/language-versions.service';
import { Preflight } from './sandbox/preflight.service';
import { Reaper } from './sandbox/reaper.service';
import { SANDBOX_DRIVER } from './sandbox/sandbox-driver';
import { SandboxFactory } from './sandbox/sandbox-factory';
import { SandboxPool } from './sandbox/sandbox-pool';
import { NamespaceSandboxDriver } from './sandbox/namespace/namespace-sandbox.driver';
import { SlotKeeper } from './sandbox/namespace/slot-keeper';
import { innerFilterProvider, seccompProvider } from './sandbox/seccomp';
import { JobObserver } from './submissions/job-observer';
import { SubmissionProcessor } from './submissions/submission.processor';
import { SubmissionRunner } from './submissions/submission-runner.service';
import { JudgePrograms } from './judging/judge-programs.service';
import { WorkerLifecycle } from './worker-lifecycle.service';

/** The worker: consumes submissions and runs each in a fresh sandbox. `overrides` exist for tests. */
@Module({})
export class WorkerModule {
  static forRoot(overrides: Partial<AppConfig> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(overrides),
        loggingModule,
        TerminusModule,
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptionsFromUrl(config.REDIS_URL),
            prefix: config.QUEUE_PREFIX,
          }),
        }),
        BullModule.registerQueue({ name: SUBMISSIONS_QUEUE }),
      ],
      controllers: [WorkerHealthController, WorkerMetricsController],
      providers: [
        dockerProvider,
        seccompProvider,
        metaRedisProvider,
        innerFilterProvider,
        ContainerSandboxDriver,
        NamespaceSandboxDriver,
        SlotKeeper,
        {
          provide: SANDBOX_DRIVER,
          inject: [AppConfig, ContainerSandboxDriver, NamespaceSandboxDriver],
          useFactory: (
            config: AppConfig,
            container: ContainerSandboxDriver,
            namespace: NamespaceSandboxDriver,
          ) => (config.SANDBOX_ISOLATION === 'namespace' ? namespace : container),
        },
        SandboxFactory,
        SandboxPool,
        LanguageVersions,
        ImageWatch,
        Preflight,
        Reaper,
        WorkerMetrics,
        JobObserver,
        SubmissionRunner,
        JudgePrograms,
        ProblemData,
        SubmissionProcessor,
        EngineWatch,
        WorkerLifecycle,
        DrainState,
      ],
    };
  }
}
