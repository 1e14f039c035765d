import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { RemindersController } from './reminders.controller';
import { RemindersJobs } from './reminders.jobs';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Reminders of what is due: check-ins, overdue results, missing lessons and proposals waiting past the SLA. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [RemindersController],
  providers: [RemindersRepository, RemindersService, RemindersJobs],
})
export class RemindersModule {}
