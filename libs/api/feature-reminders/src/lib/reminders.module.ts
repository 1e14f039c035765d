import { Module } from '@nestjs/common';
import { RemindersController } from './reminders.controller';
import { RemindersJobsModule } from './reminders-jobs.module';

/** Reminders of what is due: check-ins, overdue results, missing lessons and proposals waiting past the SLA. */
@Module({
  imports: [RemindersJobsModule],
  controllers: [RemindersController],
})
export class RemindersModule {}
