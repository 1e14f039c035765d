import { Module } from '@nestjs/common';
import { MailJobs } from './mail.job';
import { MailTransport } from './mail-transport';

/**
 * Sends the product's mail: the `mail/send` job handler and the SMTP transport it uses.
 * Import it in the worker; the API only enqueues `mail/send` jobs through `JobProducer`.
 */
@Module({
  providers: [MailTransport, MailJobs],
  exports: [MailTransport],
})
export class MailModule {}
