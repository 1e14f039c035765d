import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseModule } from '@kaizen/api/data-access-db';
import { MailModule } from '@kaizen/api/data-access-mail';
import { QueueModule } from '@kaizen/api/data-access-queue';
import { HealthModule, HealthService } from '@kaizen/api/feature-health';
import { AppConfigModule } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';

/** The worker: the same feature modules as the API, with their job handlers running. */
@Module({})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(private readonly health: HealthService) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        QueueModule.forWorker(),
        HealthModule,
        MailModule,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.health.scheduleWorkerHeartbeat();
  }
}
