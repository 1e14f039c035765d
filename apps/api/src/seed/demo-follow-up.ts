import type { Client } from 'pg';
import { previousOccurrence, reviewPeriod, type ReviewCadence } from '@kaizen/shared/domain-schedules';

type Id = (name: string) => string;

const base: Omit<ReviewCadence, 'frequency' | 'weekday' | 'dayOfMonth' | 'hour'> = {
  minute: 0,
  timeZone: 'Europe/Amsterdam',
  anchorDate: '2026-01-02',
};

/** Review cadences for every unit, and Team Noord Dag's last two reviews: one closed with lessons, one open. */
export async function seedDemoFollowUp(
  client: Client,
  org: string,
  id: Id,
  teamKeys: readonly string[],
  memberKeys: Record<string, readonly string[]>,
): Promise<void> {
  const weekly: ReviewCadence = { ...base, frequency: 'weekly', weekday: 5, dayOfMonth: 1, hour: 15 };
  for (const team of teamKeys) {
    await client.query(
      `INSERT INTO review_cadence (organisation_id, id, unit_type, team_id, frequency, weekday, day_of_month, hour, minute, time_zone, anchor_date, created_at)
       VALUES ($1, $2, 'team', $3, 'weekly', 5, 1, 15, 0, 'Europe/Amsterdam', '2026-01-02', now() - interval '60 days')`,
      [org, id(`cadence:${team}`), id(`team:${team}`)],
    );
  }
  await client.query(
    `INSERT INTO review_cadence (organisation_id, id, unit_type, department_id, frequency, weekday, day_of_month, hour, minute, time_zone, anchor_date, created_at)
     VALUES ($1, $2, 'department', $3, 'monthly', 1, 1, 10, 0, 'Europe/Amsterdam', '2026-01-02', now() - interval '60 days')`,
    [org, id('cadence:care'), id('department:care')],
  );
  await client.query(
    `INSERT INTO review_cadence (organisation_id, id, unit_type, frequency, weekday, day_of_month, hour, minute, time_zone, anchor_date, created_at)
     VALUES ($1, $2, 'organisation', 'quarterly', 1, 1, 9, 0, 'Europe/Amsterdam', '2026-01-02', now() - interval '60 days')`,
    [org, id('cadence:organisation')],
  );

  const current = previousOccurrence(weekly, new Date()) as Date;
  const earlier = previousOccurrence(weekly, new Date(current.getTime() - 1)) as Date;
  const team = 'north-day';
  const closedPeriod = reviewPeriod(weekly, earlier);
  const openPeriod = reviewPeriod(weekly, current);
  await client.query(
    `INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, opens_at, period_start, period_end, status, takeaways, closed_at, closed_by)
     VALUES ($1, $2, $3, 'team', $4, $5, $6, $7, 'closed', $8, $9, $10)`,
    [
      org,
      id('review:north-day:earlier'),
      id(`cadence:${team}`),
      id(`team:${team}`),
      earlier,
      closedPeriod.start,
      closedPeriod.end,
      ['De overdracht begint voortaan met de medicatielijst', 'Bij twijfel: eerst bellen, dan pas noteren'],
      new Date(earlier.getTime() + 3_600_000),
      id('membership:lead-north-day'),
    ],
  );
  await client.query(
    `INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, opens_at, period_start, period_end)
     VALUES ($1, $2, $3, 'team', $4, $5, $6, $7)`,
    [
      org,
      id('review:north-day:current'),
      id(`cadence:${team}`),
      id(`team:${team}`),
      current,
      openPeriod.start,
      openPeriod.end,
    ],
  );
  await client.query(
    `INSERT INTO review_reflection (organisation_id, id, review_id, author_membership_id, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      org,
      id('reflection:north-day:1'),
      id('review:north-day:current'),
      id('membership:m1'),
      'De vaste volgorde scheelt tijd, maar nachtdienst en dagdienst gebruiken nog verschillende lijsten.',
      // Half an hour after the review opened, unless it opened only just now.
      new Date(Math.min(current.getTime() + 1_800_000, Date.now() - 60_000)),
    ],
  );
  for (const member of memberKeys[team] ?? []) {
    await client.query(
      `INSERT INTO notification (organisation_id, id, recipient_membership_id, kind, dedupe_key, subject_type, subject_id, params, created_at)
       VALUES ($1, $2, $3, 'review_opened', $4, 'review', $5, $6, $7)`,
      [
        org,
        id(`notification:${member}:review`),
        id(`membership:${member}`),
        `review-${id('review:north-day:current')}`,
        id('review:north-day:current'),
        { reviewId: id('review:north-day:current'), unitName: 'Team Noord Dag' },
        current,
      ],
    );
  }
}
