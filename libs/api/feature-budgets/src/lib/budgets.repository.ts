import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { approversOf, currentOrganisationId, Db, keysetPage, sameTenant } from '@kaizen/api/data-access-db';
import {
  decisionRuleOf,
  envelopeDrawnFrom,
  envelopeRows,
  experimentSummaries,
  type EnvelopeRow,
} from '@kaizen/api/data-access-experiments';
import type { PageQueryDto } from '@kaizen/api/util-core';

export type PendingApprovalRow = Awaited<ReturnType<BudgetsRepository['pendingFor']>>['items'][number];

/** Budget envelopes of hours and money per team or department per quarter, and the approval inbox beside them. */
@Injectable()
export class BudgetsRepository {
  constructor(private readonly db: Db) {}

  /** The latest quarter first. */
  list(query: PageQueryDto & { quarter?: string }) {
    return keysetPage(
      envelopeRows(this.db).$if(query.quarter !== undefined, (rows) =>
        rows.where('b.quarter', '=', query.quarter as string),
      ),
      { by: 'b.quarter', id: 'b.id', sort: 'text', direction: 'desc' },
      query,
    );
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

  /** The envelope each (team, quarter) draws from (`envelopeDrawnFrom`), in one query; null where there is none. */
  async envelopesFor(wanted: Array<{ teamId: string; quarter: string }>): Promise<Array<EnvelopeRow | null>> {
    if (wanted.length === 0) return [];
    const pairs = sql<{
      team_id: string;
      quarter: string;
    }>`unnest(${wanted.map((w) => w.teamId)}::uuid[], ${wanted.map((w) => w.quarter)}::text[])`;
    const rows = await this.db
      .selectFrom(pairs.as<'wanted'>(sql`wanted(team_id, quarter)`))
      .innerJoinLateral(
        (eb) => envelopeDrawnFrom(this.db, eb.ref('wanted.team_id'), eb.ref('wanted.quarter')).as('envelope'),
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

  /** Open proposals this person may decide (`approvers_of`), with their experiment, oldest first. */
  pendingFor(membershipId: string, page: PageQueryDto) {
    const pending = experimentSummaries(this.db)
      .innerJoin('approval as a', (join) => sameTenant(join, 'a.experiment_id', 'e.id'))
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
}
