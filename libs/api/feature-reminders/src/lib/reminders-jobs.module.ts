import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { RemindersJobs } from './reminders.jobs';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Planning and firing reminders, without HTTP: what the worker runs (no controller, so no Swagger or auth code). */
@Module({
  imports: [NotificationsCoreModule],
  providers: [RemindersRepository, RemindersService, RemindersJobs],
  exports: [RemindersRepository],
})
export class RemindersJobsModule {}
