import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobHandler, type JobContext } from '@kaizen/api/data-access-queue';
import type { SendMailPayload } from '@kaizen/shared/util-jobs';
import { MailTemplateError, renderMail, type RenderedMail } from './mail-templates';
import { MailTransport } from './mail-transport';

/** One plain address: no display name, no list, nothing that could add a recipient. */
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+\.[^\s@,;:<>()[\]"\\]+$/;

/** The mail a payload asks for, or an UnrecoverableError when no retry could fix the payload. */
export function renderCheckedMail(payload: SendMailPayload): RenderedMail {
  if (typeof payload.to !== 'string' || !SINGLE_ADDRESS.test(payload.to)) {
    throw new UnrecoverableError('mail/send: "to" must be one plain e-mail address');
  }
  try {
    return renderMail(payload);
  } catch (error) {
    if (error instanceof MailTemplateError) throw new UnrecoverableError(`mail/send: ${error.message}`);
    throw error;
  }
}

@Injectable()
export class MailJobs {
  private readonly logger = new Logger('Mail');

  constructor(private readonly transport: MailTransport) {}

  /**
   * Renders the mail in the recipient's language and hands it to the SMTP server.
   * A payload no retry can fix fails at once; a delivery error throws, and BullMQ retries
   * with the backoff declared in the job catalogue.
   */
  @JobHandler('mail', 'send')
  async send(payload: SendMailPayload, context: JobContext): Promise<void> {
    const rendered = renderCheckedMail(payload);
    const { messageId } = await this.transport.send({ to: payload.to, ...rendered });
    this.logger.log(
      {
        jobId: context.jobId,
        attempt: context.attempt,
        template: payload.template,
        locale: payload.locale,
        messageId,
      },
      'mail sent',
    );
  }
}
