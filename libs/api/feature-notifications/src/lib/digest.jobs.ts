import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Db } from '@kaizen/api/data-access-db';
import { Notifier, WebhookOutbox } from '@kaizen/api/data-access-notifications';
import { JobHandler, JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { DigestPayload, TenantJob } from '@kaizen/shared/util-jobs';
import { describeNotification, digestWeekBefore, nextDigest } from '@kaizen/shared/domain-schedules';
import { DigestRepository } from './digest.repository';
import { digestOrganisation, weekInLessons, type WeekInLessons } from './notifications.mappers';

/** "What we learned this week": every Monday morning in the organisation's time zone, once per week. */
@Injectable()
export class DigestJobs {
  private readonly logger = new Logger('Digest');

  constructor(
    private readonly digests: DigestRepository,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhookOutbox,
    private readonly jobs: JobProducer,
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('notifications', 'digest')
  async digest(payload: DigestPayload): Promise<void> {
    const { timeZone } = digestOrganisation(await this.digests.organisation());
    const start = DateTime.fromISO(payload.weekStart, { zone: timeZone });
    const [from, to] = [start.toJSDate(), start.plus({ weeks: 1 }).toJSDate()];
    const week = weekInLessons(
      await this.digests.weekCounts(from, to),
      await this.digests.highlights(from, to),
    );
    if (await this.digests.claim(payload.weekStart, week.lessons)) {
      // A quiet week gets no mail: a digest should be worth opening.
      if (week.lessons + week.adoptions > 0) await this.send(payload.weekStart, week);
      this.logger.log(
        { organisationId: payload.organisationId, weekStart: payload.weekStart, lessons: week.lessons },
        'digest',
      );
    }
    await this.scheduleNext(payload.organisationId, timeZone);
  }

  /** Makes sure the next digest is scheduled, and sends a due one the queue lost. */
  @JobHandler('notifications', 'reconcile')
  async reconcile(payload: TenantJob): Promise<void> {
    const { timeZone, createdAt } = digestOrganisation(await this.digests.organisation());
    const now = this.clock.now();
    const current = digestWeekBefore(now, timeZone);
    const organisationId = payload.organisationId;
    if (
      current.sendAt <= now &&
      current.start >= startOfWeek(createdAt, timeZone) &&
      !(await this.digests.sent(current.weekStart))
    ) {
      this.db.afterCommit(async () => {
        await this.jobs.ensure(
          'notifications',
          'digest',
          { organisationId, weekStart: current.weekStart },
          { jobId: digestJobId(organisationId, current.weekStart), delayMs: 0 },
        );
      });
    }
    await this.scheduleNext(organisationId, timeZone);
  }

  private async send(weekStart: string, week: WeekInLessons): Promise<void> {
    const params = { weekStart, ...week };
    const recipients = await this.digests.activeMembers();
    await this.notifier.notifyMany(
      recipients.map((recipientId) => ({
        notification: {
          recipientId,
          kind: 'weekly_digest',
          dedupeKey: `digest-${weekStart}`,
          subjectType: 'digest',
          params,
        },
        email: true,
      })),
    );
    const text = describeNotification('weekly_digest', params, 'en');
    await this.webhooks.publish('digest.weekly', `digest-${weekStart}`, {
      title: text.title,
      lines: text.body,
      link: new URL(text.path, this.config.APP_URL).toString(),
    });
  }

  private async scheduleNext(organisationId: string, timeZone: string): Promise<void> {
    const now = this.clock.now();
    const next = nextDigest(now, timeZone);
    this.db.afterCommit(async () => {
      await this.jobs.ensure(
        'notifications',
        'digest',
        { organisationId, weekStart: next.weekStart },
        {
          jobId: digestJobId(organisationId, next.weekStart),
          delayMs: next.sendAt.getTime() - now.getTime(),
        },
      );
    });
  }
}

function digestJobId(organisationId: string, weekStart: string): string {
  return `digest-${organisationId}-${weekStart}`;
}

function startOfWeek(at: Date, timeZone: string): Date {
  return DateTime.fromJSDate(at, { zone: timeZone }).startOf('week').toJSDate();
}
