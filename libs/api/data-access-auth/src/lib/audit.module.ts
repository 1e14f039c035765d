import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';

/** The audit writer alone, for modules that also run in the worker, where no access guard is installed. */
@Module({
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
