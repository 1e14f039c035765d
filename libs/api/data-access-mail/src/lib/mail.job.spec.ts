import { beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { JobContext } from '@kaizen/api/data-access-queue';
import type { SendMailPayload } from '@kaizen/shared/util-jobs';
import { MailJobs } from './mail.job';
import type { MailTransport, OutgoingMail } from './mail-transport';

const context: JobContext = { jobId: 'job-1', queue: 'mail', name: 'send', attempt: 1 };
const payload: SendMailPayload = {
  to: 'anna@example.com',
  locale: 'nl',
  template: 'password-reset',
  params: { link: 'https://app.example.com/reset?token=t1', expiresInMinutes: 30 },
};

/** Records what would have gone out; the SMTP round trip itself is tested against a real server in tests/. */
function jobsWith(send: (mail: OutgoingMail) => Promise<{ messageId: string }>) {
  const sent: OutgoingMail[] = [];
  const transport = {
    send: async (mail: OutgoingMail) => {
      sent.push(mail);
      return send(mail);
    },
  } as unknown as MailTransport;
  return { jobs: new MailJobs(transport), sent };
}

describe('MailJobs.send', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('renders the mail in the recipient language and sends it to the recipient', async () => {
    const { jobs, sent } = jobsWith(async () => ({ messageId: '<m1@example.com>' }));
    await jobs.send(payload, context);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: 'anna@example.com',
      subject: 'Je wachtwoord voor Kaizen Loop opnieuw instellen',
    });
    expect(sent[0]?.text).toContain('https://app.example.com/reset?token=t1');
    expect(sent[0]?.html).toContain('href="https://app.example.com/reset?token=t1"');
  });

  it('lets a delivery error through, so the job is retried', async () => {
    const { jobs } = jobsWith(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ESOCKET' });
    });
    const error = await jobs.send(payload, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
  });

  it.each([
    'anna@example.com, eve@example.com',
    'Anna <anna@example.com>',
    'anna@example.com\r\nBcc: eve@example.com',
    'not-an-address',
  ])('fails at once, without sending, for the recipient %j', async (to) => {
    const { jobs, sent } = jobsWith(async () => ({ messageId: 'x' }));
    await expect(jobs.send({ ...payload, to }, context)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(sent).toHaveLength(0);
  });

  it('fails at once, without sending, for a payload that cannot be rendered', async () => {
    const { jobs, sent } = jobsWith(async () => ({ messageId: 'x' }));
    const broken: SendMailPayload = {
      ...payload,
      params: { link: 'javascript:alert(1)', expiresInMinutes: 30 },
    };
    await expect(jobs.send(broken, context)).rejects.toThrow(UnrecoverableError);
    await expect(jobs.send(broken, context)).rejects.toThrow(/link: expected an absolute http/);
    expect(sent).toHaveLength(0);
  });
});
