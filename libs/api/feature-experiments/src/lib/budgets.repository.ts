import { Injectable } from '@nestjs/common';
import { type Expression, sql } from 'kysely';
import {
  approversOf,
  currentOrganisationId,
  Db,
  departmentAncestors,
  keysetPage,
} from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import { decisionRuleOf } from './decisions.repository';
import { experimentSummaries } from './experiments.repository';

export type EnvelopeRow = NonNullable<Awaited<ReturnType<BudgetsRepository['find']>>>;
export type PendingApprovalRow = Awaited<ReturnType<BudgetsRepository['pendingFor']>>['items'][number];

/** Budget envelopes of hours and money per team or department per quarter; they are never overspent. */
@Injectable()
export class BudgetsRepository {
  constructor(private readonly db: Db) {}

  /** The latest quarter first. */
  list(query: PageQueryDto & { quarter?: string }) {
    return keysetPage(
      this.envelopes().$if(query.quarter !== undefined, (rows) =>
        rows.where('b.quarter', '=', query.quarter as string),
      ),
      { by: 'b.quarter', id: 'b.id', sort: 'text', direction: 'desc' },
      query,
    );
  }

  find(id: string) {
    return this.envelopes().where('b.id', '=', id).executeTakeFirst();
  }

  async create(envelope: {
    id: string;
    teamId?: string;
    departmentId?: string;
    quarter: string;
    hoursBudget: number;
    amountBudgetMinor: number;
  }): Promise<void> {
    await this.db
      .insertInto('budget_envelope')
      .values({
        organisation_id: currentOrganisationId,
        id: envelope.id,
        team_id: envelope.teamId ?? null,
        department_id: envelope.departmentId ?? null,
        quarter: envelope.quarter,
        hours_budget: envelope.hoursBudget,
        amount_budget_minor: envelope.amountBudgetMinor,
      })
      .execute();
  }

  /** Resizes if the version matches and the new size still holds what was approved; returns why not otherwise. */
  async resize(
    id: string,
    version: number,
    hours?: number,
    amountMinor?: number,
  ): Promise<'ok' | 'stale' | 'below_committed'> {
    const resized = await this.db
      .updateTable('budget_envelope')
      .set((eb) => ({
        hours_budget: hours,
        amount_budget_minor: amountMinor,
        version: eb('version', '+', 1),
      })) // unset: unchanged
      .where('id', '=', id)
      .where('version', '=', version)
      .where((eb) =>
        eb(hours === undefined ? eb.ref('hours_budget') : eb.val(hours), '>=', eb.ref('hours_committed')),
      )
      .where((eb) =>
        eb(
          amountMinor === undefined ? eb.ref('amount_budget_minor') : eb.val(String(amountMinor)),
          '>=',
          eb.ref('amount_committed_minor'),
        ),
      )
      .returning('id')
      .executeTakeFirst();
    if (resized) return 'ok';
    const current = await this.db
      .selectFrom('budget_envelope')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirst();
    return current?.version !== version ? 'stale' : 'below_committed';
  }

  /** The envelope a team's proposal draws from: the team's own for the quarter, else the nearest department's above it. */
  envelopeFor(teamId: string, quarter: string) {
    return this.drawnFrom(sql.val(teamId), sql.val(quarter)).executeTakeFirst();
  }

  /** `envelopeFor` of each (team, quarter), in one query; null where there is none. */
  async envelopesFor(wanted: Array<{ teamId: string; quarter: string }>): Promise<Array<EnvelopeRow | null>> {
    if (wanted.length === 0) return [];
    const pairs = sql<{
      team_id: string;
      quarter: string;
    }>`unnest(${wanted.map((w) => w.teamId)}::uuid[], ${wanted.map((w) => w.quarter)}::text[])`;
    const rows = await this.db
      .selectFrom(pairs.as<'wanted'>(sql`wanted(team_id, quarter)`))
      .innerJoinLateral(
        (eb) => this.drawnFrom(eb.ref('wanted.team_id'), eb.ref('wanted.quarter')).as('envelope'),
        (join) => join.onTrue(),
      )
      .selectAll('envelope')
      .select(['wanted.team_id as wanted_team_id', 'wanted.quarter as wanted_quarter'])
      .execute();
    return wanted.map(({ teamId, quarter }) => {
      const found = rows.find((row) => row.wanted_team_id === teamId && row.wanted_quarter === quarter);
      if (!found) return null;
      const { wanted_team_id: _team, wanted_quarter: _quarter, ...envelope } = found;
      return envelope;
    });
  }

  /**
   * The envelope an approval in the team draws from (`envelopeFor`), with its hours and money committed if they
   * still fit, in one statement: `drawn` says whether they did. The commit is one conditional UPDATE: the row lock
   * makes concurrent approvals queue, and each sees what the one before it committed.
   */
  async draw(teamId: string, quarter: string, hours: number, amountMinor: number) {
    const row = await this.db
      .with('chosen', () => this.drawnFrom(sql.val(teamId), sql.val(quarter)))
      .with('committed', (db) =>
        db
          .updateTable('budget_envelope')
          .set((eb) => ({
            hours_committed: eb('hours_committed', '+', hours),
            amount_committed_minor: eb('amount_committed_minor', '+', String(amountMinor)),
          }))
          .where('id', '=', (eb) => eb.selectFrom('chosen').select('chosen.id'))
          .where((eb) => eb(eb('hours_committed', '+', hours), '<=', eb.ref('hours_budget')))
          .where((eb) =>
            eb(eb('amount_committed_minor', '+', String(amountMinor)), '<=', eb.ref('amount_budget_minor')),
          )
          .returning('id'),
      )
      .selectFrom('chosen')
      .leftJoin('committed', 'committed.id', 'chosen.id')
      .selectAll('chosen')
      .select((eb) => eb('committed.id', 'is not', null).as('drawn'))
      .executeTakeFirst();
    if (!row) return undefined;
    const { drawn, ...envelope } = row;
    return { envelope, drawn };
  }

  async recordSpend(envelopeId: string, hours: number, amountMinor: number): Promise<void> {
    await this.db
      .updateTable('budget_envelope')
      .set((eb) => ({
        hours_spent: eb('hours_spent', '+', String(hours)),
        amount_spent_minor: eb('amount_spent_minor', '+', String(amountMinor)),
      }))
      .where('id', '=', envelopeId)
      .execute();
  }

  /** Open proposals this person may decide (`approvers_of`), with their experiment, oldest first. */
  pendingFor(membershipId: string, page: PageQueryDto) {
    const pending = experimentSummaries(this.db)
      .innerJoin('approval as a', (join) =>
        join.onRef('a.organisation_id', '=', 'e.organisation_id').onRef('a.experiment_id', '=', 'e.id'),
      )
      .select((eb) => [
        'a.id as approval_id',
        'a.level',
        'a.requested_at',
        'a.requested_hours',
        eb.cast<number>('a.requested_amount_minor', 'float8').as('requested_amount_minor'),
        decisionRuleOf(this.db, eb.ref('e.id')).as('decision_rule'),
      ])
      .where('a.decided_at', 'is', null)
      .where((eb) =>
        eb(
          eb.val(membershipId),
          'in',
          eb.selectFrom(approversOf(eb.ref('a.experiment_id')).as('who')).select('who.membership_id'),
        ),
      );
    return keysetPage(pending, { by: 'a.requested_at', id: 'a.id', sort: 'timestamp' }, page);
  }

  /** Envelopes with the name of what they belong to and what remains. */
  private envelopes() {
    return this.db
      .selectFrom('budget_envelope as b')
      .leftJoin('team as t', (join) =>
        join.onRef('t.organisation_id', '=', 'b.organisation_id').onRef('t.id', '=', 'b.team_id'),
      )
      .leftJoin('department as d', (join) =>
        join.onRef('d.organisation_id', '=', 'b.organisation_id').onRef('d.id', '=', 'b.department_id'),
      )
      .select((eb) => [
        'b.id',
        eb
          .case()
          .when('b.team_id', 'is', null)
          .then(sql.lit('department'))
          .else(sql.lit('team'))
          .end()
          .$castTo<'department' | 'team'>()
          .as('scope'),
        eb.fn.coalesce('b.team_id', 'b.department_id').$castTo<string>().as('scope_id'),
        eb.fn.coalesce('t.name', 'd.name').$castTo<string>().as('scope_name'),
        'b.quarter',
        'b.hours_budget',
        eb.cast<number>('b.amount_budget_minor', 'float8').as('amount_budget_minor'),
        'b.hours_committed',
        eb.cast<number>('b.amount_committed_minor', 'float8').as('amount_committed_minor'),
        eb.cast<number>('b.hours_spent', 'float8').as('hours_spent'),
        eb.cast<number>('b.amount_spent_minor', 'float8').as('amount_spent_minor'),
        eb('b.hours_budget', '-', eb.ref('b.hours_committed')).as('hours_remaining'),
        eb
          .cast<number>(eb('b.amount_budget_minor', '-', eb.ref('b.amount_committed_minor')), 'float8')
          .as('amount_remaining_minor'),
        'b.version',
      ]);
  }

  /** The query behind `envelopeFor`, for one team and quarter given as values or as columns of an outer query. */
  private drawnFrom(team: Expression<string>, quarter: Expression<string>) {
    const department = this.db.selectFrom('team').select('department_id').where('id', '=', team).$asScalar();
    return this.envelopes()
      .leftJoin(departmentAncestors(department).as('chain'), 'chain.id', 'b.department_id')
      .where('b.quarter', '=', quarter)
      .where((eb) => eb.or([eb('b.team_id', '=', team), eb('chain.id', 'is not', null)]))
      .orderBy((eb) => eb('b.team_id', 'is not', null), 'desc')
      .orderBy('chain.depth')
      .limit(1);
  }
}
