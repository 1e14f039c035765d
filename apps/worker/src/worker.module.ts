import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseModule } from '@kaizen/api/data-access-db';
import { MailModule } from '@kaizen/api/data-access-mail';
import { DataRightsJobsModule } from '@kaizen/api/feature-data-rights';
import { JobProducer, QueueModule } from '@kaizen/api/data-access-queue';
import { NotificationsJobsModule } from '@kaizen/api/feature-notifications';
import { RemindersJobsModule } from '@kaizen/api/feature-reminders';
import { ReviewsJobsModule } from '@kaizen/api/feature-reviews';
import { RollupsJobsModule } from '@kaizen/api/feature-rollups';
import { ScansJobsModule } from '@kaizen/api/feature-scans';
import { HealthJobsModule, HealthService } from '@kaizen/api/feature-health';
import { AppConfigModule, type AppOptions } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { ScheduleReconciler } from './schedule-reconciler';

/**
 * The worker: the features' jobs modules, the API's feature modules without their controllers (and so without
 * Swagger, validation and auth code), with their job handlers running.
 */
@Module({})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(
    private readonly health: HealthService,
    private readonly jobs: JobProducer,
    private readonly schedules: ScheduleReconciler,
  ) {}

  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config, options),
        DatabaseModule.forRoot(),
        QueueModule.forWorker(),
        HealthJobsModule,
        MailModule,
        RollupsJobsModule,
        RemindersJobsModule,
        ReviewsJobsModule,
        NotificationsJobsModule,
        ScansJobsModule,
        DataRightsJobsModule,
      ],
      providers: [ScheduleReconciler],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.health.scheduleWorkerHeartbeat();
    // The full recompute checks the incremental roll-ups daily, and once on the first boot of a day.
    await this.jobs.schedule('rollups', 'recompute-all', 'daily-rollup-recompute', 24 * 3600 * 1000, {});
    await this.jobs.enqueue(
      'rollups',
      'recompute-all',
      {},
      { jobId: `recompute-all-${new Date().toISOString().slice(0, 10)}` },
    );
    // Expired exports go within the hour; retention periods are applied daily.
    await this.jobs.schedule('data-rights', 'sweep-all', 'hourly-export-sweep', 3600 * 1000, {
      retention: false,
    });
    await this.jobs.schedule('data-rights', 'sweep-all', 'daily-retention', 24 * 3600 * 1000, {
      retention: true,
    });
    // Delivered outbox rows are kept OUTBOX_RETENTION_DAYS, then swept daily.
    await this.jobs.schedule('outbox', 'retention-sweep', 'daily-outbox-retention', 24 * 3600 * 1000, {});
    await this.schedules.start();
  }
}
