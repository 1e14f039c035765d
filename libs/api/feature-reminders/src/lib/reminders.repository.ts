import { Injectable } from '@nestjs/common';
import { expressionBuilder, sql } from 'kysely';
import {
  currentOrganisationId,
  dateText,
  Db,
  departmentAncestors,
  keysetPage,
  sameTenant,
} from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { ReminderKind } from '@kaizen/shared/domain-schedules';

export interface PlannedReminder {
  kind: ReminderKind;
  recipientId: string;
  dueAt: Date;
  fireAt: Date;
}

export type PolicyRow = Awaited<ReturnType<RemindersRepository['policy']>>;
export type SubjectRow = NonNullable<Awaited<ReturnType<RemindersRepository['subject']>>>;
export type ReminderRow = Awaited<ReturnType<RemindersRepository['upsert']>>[number];
export type DueReminderRow = Awaited<ReturnType<RemindersRepository['lockDue']>>[number];
export type UpcomingReminderRow = Awaited<ReturnType<RemindersRepository['upcomingFor']>>['items'][number];

const uuids = (ids: string[]) => sql<string[]>`${ids}::uuid[]`;

/** What planning writes; a reminder's columns add its status. */
const plannedColumns = [
  'id',
  'kind',
  'experiment_id',
  'recipient_membership_id',
  'due_at',
  'fire_at',
] as const;
const reminderColumns = [...plannedColumns, 'status'] as const;

/** What the reminder rules read about experiment `e`. "Ended" is when the result was recorded or the experiment stopped. */
function subjectFacts(db: Db) {
  const eb = expressionBuilder(db.selectFrom('experiment as e'));
  return [
    'e.title',
    'e.owner_membership_id',
    'e.check_in_cadence',
    'e.started_at',
    dateText<string | null>('e.planned_end').as('planned_end'),
    eb
      .selectFrom('check_in as c')
      .select((inner) => inner.fn.max('c.created_at').as('at'))
      .whereRef('c.organisation_id', '=', 'e.organisation_id')
      .whereRef('c.experiment_id', '=', 'e.id')
      .$asScalar()
      .as('last_check_in_at'),
    eb.fn
      .coalesce(
        'e.concluded_at',
        eb
          .selectFrom('experiment_event as v')
          .select((inner) => inner.fn.max('v.occurred_at').as('at'))
          .whereRef('v.organisation_id', '=', 'e.organisation_id')
          .whereRef('v.experiment_id', '=', 'e.id')
          .where('v.to_status', '=', 'stopped')
          .$asScalar(),
      )
      .as('ended_at'),
    eb
      .exists(
        eb
          .selectFrom('lesson as l')
          .select(sql`1`.as('one'))
          .whereRef('l.organisation_id', '=', 'e.organisation_id')
          .whereRef('l.experiment_id', '=', 'e.id'),
      )
      .$castTo<boolean>()
      .as('has_lesson'),
    eb
      .selectFrom('approval as a')
      .select('a.requested_at')
      .whereRef('a.organisation_id', '=', 'e.organisation_id')
      .whereRef('a.experiment_id', '=', 'e.id')
      .where('a.decided_at', 'is', null)
      .$asScalar()
      .as('approval_requested_at'),
  ] as const;
}

@Injectable()
export class RemindersRepository {
  constructor(private readonly db: Db) {}

  policy() {
    return this.db
      .selectFrom('organisation')
      .select(['time_zone', 'lesson_reminder_days', 'approval_sla_hours'])
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirstOrThrow(() => new Error('reminders: no organisation in the tenant context'));
  }

  subject(experimentId: string) {
    return this.db
      .selectFrom('experiment as e')
      .select(['e.id', 'e.status', ...subjectFacts(this.db)])
      .where('e.id', '=', experimentId)
      .executeTakeFirst();
  }

  /**
   * Who a waiting proposal escalates to: the heads of the nearest department above the approver's
   * level that has one; with none, the organisation's admins. Never the owner.
   */
  async escalationRecipients(experimentId: string): Promise<string[]> {
    const rows = await this.db
      .with('proposal', (db) =>
        db
          .selectFrom('experiment as e')
          .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'e.team_id'))
          .innerJoin('approval as a', (join) =>
            sameTenant(join, 'a.experiment_id', 'e.id').on('a.decided_at', 'is', null),
          )
          .select(['e.owner_membership_id', 't.department_id', 'a.level'])
          .where('e.id', '=', experimentId),
      )
      .with('heads', (db) =>
        db
          .selectFrom('department_head as h')
          .innerJoin(
            departmentAncestors(db.selectFrom('proposal').select('proposal.department_id').$asScalar()).as(
              'chain',
            ),
            'chain.id',
            'h.department_id',
          )
          .innerJoin('membership as m', (join) =>
            join.onRef('m.id', '=', 'h.membership_id').on('m.status', '=', 'active'),
          )
          .select(['h.membership_id', 'chain.depth'])
          .where('h.valid_to', 'is', null)
          .where('h.membership_id', '<>', (eb) =>
            eb.selectFrom('proposal').select('proposal.owner_membership_id'),
          )
          // a team-level proposal escalates to its own department's head; a department-level one to the level above
          .where('chain.depth', '>=', (eb) =>
            eb
              .selectFrom('proposal')
              .select((inner) =>
                inner.case().when('proposal.level', '=', 'team_lead').then(0).else(1).end().as('lowest'),
              ),
          ),
      )
      .with('nearest', (db) =>
        db
          .selectFrom('heads')
          .select('heads.membership_id as id')
          .where('heads.depth', '=', (eb) =>
            eb.selectFrom('heads').select((inner) => inner.fn.min('heads.depth').as('depth')),
          ),
      )
      .selectFrom('nearest')
      .select('nearest.id')
      .union((db) =>
        db
          .selectFrom('membership as m')
          .select('m.id')
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('nearest').select('nearest.id'))))
          .where('m.role', '=', 'org_admin')
          .where('m.status', '=', 'active')
          .where('m.id', '<>', (eb) => eb.selectFrom('proposal').select('proposal.owner_membership_id')),
      )
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Stores what is due. A moment already stored keeps its row (once per due moment); a pending one
   * gets the newly computed delivery time. Returns the pending rows, to schedule.
   */
  async upsert(planned: Array<PlannedReminder & { experimentId: string }>, ids: string[]) {
    if (planned.length === 0) return [];
    const rows = sql<{
      id: string;
      kind: string;
      experiment_id: string;
      recipient: string;
      due_at: Date;
      fire_at: Date;
    }>`unnest(
      ${ids}::uuid[], ${planned.map((p) => p.kind)}::text[], ${planned.map((p) => p.experimentId)}::uuid[],
      ${planned.map((p) => p.recipientId)}::uuid[], ${planned.map((p) => p.dueAt)}::timestamptz[], ${planned.map((p) => p.fireAt)}::timestamptz[])`;
    return this.db
      .insertInto('reminder')
      .columns(['organisation_id', ...plannedColumns])
      .expression(
        this.db
          .selectFrom(rows.as<'p'>(sql`p(id, kind, experiment_id, recipient, due_at, fire_at)`))
          .select([
            currentOrganisationId.as('organisation_id'),
            'p.id',
            'p.kind',
            'p.experiment_id',
            'p.recipient',
            'p.due_at',
            'p.fire_at',
          ]),
      )
      .onConflict((conflict) =>
        conflict
          .columns(['organisation_id', 'kind', 'experiment_id', 'recipient_membership_id', 'due_at'])
          .doUpdateSet((eb) => ({ fire_at: eb.ref('excluded.fire_at') }))
          .where('reminder.status', '=', 'pending'),
      )
      .returning(reminderColumns)
      .execute();
  }

  /** Pending reminders of these experiments that the rules no longer name lose their reason. */
  async cancelPendingExcept(experimentIds: string[], keep: string[]): Promise<number> {
    const rows = await this.db
      .updateTable('reminder')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
      .where('experiment_id', '=', (eb) => eb.fn.any(uuids(experimentIds)))
      .where('status', '=', 'pending')
      .where((eb) => eb.not(eb('id', '=', eb.fn.any(uuids(keep)))))
      .returning('id')
      .execute();
    return rows.length;
  }

  /**
   * Locks the pending reminders whose moment has come, oldest first and a person's together, with their
   * experiments' facts in the same statement: firing asks the rules again, and one round trip per batch instead of
   * three per reminder is what lets a morning with thousands due keep up. The lock makes a job that runs twice (or
   * on two workers) deliver each reminder once: a second sweep waits here and then finds them sent, or with
   * `skipLocked` passes over rows another transaction holds.
   *
   * Up to `limit` rows in the pending index's order, and then the rest of the last person's reminders of that
   * moment (up to `limit` more), so that a batch never ends partway through someone's e-mail of a moment. Only the
   * rows chosen are joined to their facts: chosen in one go, a planner that expected few rows sorted every due row
   * with its facts to keep a batch.
   */
  lockDue(until: Date, limit: number, { skipLocked }: { skipLocked: boolean }) {
    return this.db
      .with(
        (cte) => cte('due').materialized(),
        (db) =>
          db
            .selectFrom('reminder')
            .select(['organisation_id', ...reminderColumns])
            .where('status', '=', 'pending')
            .where('fire_at', '<=', until)
            .orderBy('fire_at')
            .orderBy('recipient_membership_id')
            .limit(limit)
            .forUpdate()
            .$if(skipLocked, (query) => query.skipLocked()),
      )
      .with(
        (cte) => cte('rest').materialized(),
        (db) =>
          db
            .selectFrom('reminder')
            .select(['organisation_id', ...reminderColumns])
            .where('status', '=', 'pending')
            .where('fire_at', '<=', until)
            .where((eb) =>
              eb(
                eb.refTuple('fire_at', 'recipient_membership_id'),
                'in',
                eb
                  .selectFrom('due')
                  .select(['due.fire_at', 'due.recipient_membership_id'])
                  .orderBy('due.fire_at', 'desc')
                  .orderBy('due.recipient_membership_id', 'desc')
                  .limit(1)
                  .$asTuple('fire_at', 'recipient_membership_id'),
              ),
            )
            .where('id', 'not in', (eb) => eb.selectFrom('due').select('due.id'))
            .limit(limit)
            .forUpdate()
            .$if(skipLocked, (query) => query.skipLocked()),
      )
      .selectFrom((eb) =>
        eb.selectFrom('due').selectAll().unionAll(eb.selectFrom('rest').selectAll()).as('r'),
      )
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'r.experiment_id'))
      .select(reminderColumns.map((column) => `r.${column}` as const))
      .select(['e.status as experiment_status', ...subjectFacts(this.db)])
      .execute();
  }

  async markSent(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('reminder')
      .set({ status: 'sent', sent_at: at })
      .where('id', '=', (eb) => eb.fn.any(uuids(ids)))
      .execute();
  }

  async cancel(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('reminder')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`now()` })
      .where('id', '=', (eb) => eb.fn.any(uuids(ids)))
      .execute();
  }

  async markApprovalEscalated(experimentId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('approval')
      .set((eb) => ({ escalated_at: eb.fn.coalesce('escalated_at', eb.val(at)) }))
      .where('experiment_id', '=', experimentId)
      .where('decided_at', 'is', null)
      .execute();
  }

  /** The distinct moments at which pending reminders fire before `horizon`: the ones whose jobs must exist now. */
  async pendingMoments(horizon: Date): Promise<Date[]> {
    const rows = await this.db
      .selectFrom('reminder')
      .select('fire_at')
      .distinct()
      .where('status', '=', 'pending')
      .where('fire_at', '<', horizon)
      .orderBy('fire_at')
      .execute();
    return rows.map((row) => row.fire_at);
  }

  /** Experiments that could have something due but have nothing pending: their planning may have been lost. */
  async unplannedActiveExperiments(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('experiment as e')
      .select('e.id')
      .where(({ or, and, eb, not, exists, selectFrom }) =>
        and([
          or([
            eb('e.status', 'in', ['running', 'proposed']),
            and([
              eb('e.status', 'in', ['concluded', 'stopped']),
              not(
                exists(
                  selectFrom('lesson as l')
                    .select(sql`1`.as('one'))
                    .whereRef('l.organisation_id', '=', 'e.organisation_id')
                    .whereRef('l.experiment_id', '=', 'e.id'),
                ),
              ),
            ]),
          ]),
          not(
            exists(
              selectFrom('reminder as r')
                .select(sql`1`.as('one'))
                .whereRef('r.organisation_id', '=', 'e.organisation_id')
                .whereRef('r.experiment_id', '=', 'e.id')
                .where('r.status', '=', 'pending'),
            ),
          ),
        ]),
      )
      .execute();
    return rows.map((row) => row.id);
  }

  /** What is coming up for one person, soonest first. */
  upcomingFor(recipientId: string, page: PageQueryDto) {
    const upcoming = this.withExperiment()
      .select('e.title as experiment_title')
      .where('r.recipient_membership_id', '=', recipientId)
      .where('r.status', '=', 'pending');
    return keysetPage(upcoming, { by: 'r.due_at', id: 'r.id', sort: 'timestamp' }, page);
  }

  /** A reminder's own columns, joined to its experiment. */
  private withExperiment() {
    return this.db
      .selectFrom('reminder as r')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'r.experiment_id'))
      .select(reminderColumns.map((column) => `r.${column}` as const));
  }
}
