import { Injectable } from '@nestjs/common';
import { type Expression, sql } from 'kysely';
import { Db, departmentAncestors, sameTenant } from '@kaizen/api/data-access-db';

export type EnvelopeRow = NonNullable<Awaited<ReturnType<EnvelopesRepository['find']>>>;

/** Envelopes with the name of what they belong to and what remains. */
export function envelopeRows(db: Db) {
  return db
    .selectFrom('budget_envelope as b')
    .leftJoin('team as t', (join) => sameTenant(join, 't.id', 'b.team_id'))
    .leftJoin('department as d', (join) => sameTenant(join, 'd.id', 'b.department_id'))
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

/**
 * The envelope a team's proposal draws from: the team's own for the quarter, else the nearest department's above it.
 * Team and quarter are values, or columns of an outer query.
 */
export function envelopeDrawnFrom(db: Db, team: Expression<string>, quarter: Expression<string>) {
  const department = db.selectFrom('team').select('department_id').where('id', '=', team).$asScalar();
  return envelopeRows(db)
    .leftJoin(departmentAncestors(department).as('chain'), 'chain.id', 'b.department_id')
    .where('b.quarter', '=', quarter)
    .where((eb) => eb.or([eb('b.team_id', '=', team), eb('chain.id', 'is not', null)]))
    .orderBy((eb) => eb('b.team_id', 'is not', null), 'desc')
    .orderBy('chain.depth')
    .limit(1);
}

/**
 * What the experiment loop does to budget envelopes: an approval draws from one, a conclusion records its spend.
 * Envelopes are never overspent.
 */
@Injectable()
export class EnvelopesRepository {
  constructor(private readonly db: Db) {}

  find(id: string) {
    return envelopeRows(this.db).where('b.id', '=', id).executeTakeFirst();
  }

  /**
   * The envelope an approval in the team draws from (`envelopeDrawnFrom`), with its hours and money committed if they
   * still fit, in one statement: `drawn` says whether they did. The commit is one conditional UPDATE: the row lock
   * makes concurrent approvals queue, and each sees what the one before it committed.
   */
  async draw(teamId: string, quarter: string, hours: number, amountMinor: number) {
    const row = await this.db
      .with('chosen', () => envelopeDrawnFrom(this.db, sql.val(teamId), sql.val(quarter)))
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
}
