import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { EnvelopeDto, PendingApprovalDto } from './budget.dto';

const envelopeColumns = `b.id, CASE WHEN b.team_id IS NULL THEN 'department' ELSE 'team' END AS scope,
  coalesce(b.team_id, b.department_id) AS "scopeId", coalesce(t.name, d.name) AS "scopeName", b.quarter,
  b.hours_budget AS "hoursBudget", b.amount_budget_minor::float8 AS "amountBudgetMinor",
  b.hours_committed AS "hoursCommitted", b.amount_committed_minor::float8 AS "amountCommittedMinor",
  b.hours_spent::float8 AS "hoursSpent", b.amount_spent_minor::float8 AS "amountSpentMinor",
  b.hours_budget - b.hours_committed AS "hoursRemaining", (b.amount_budget_minor - b.amount_committed_minor)::float8 AS "amountRemainingMinor",
  b.version`;

const fromEnvelope = `FROM budget_envelope b
  LEFT JOIN team t ON t.organisation_id = b.organisation_id AND t.id = b.team_id
  LEFT JOIN department d ON d.organisation_id = b.organisation_id AND d.id = b.department_id`;

/** Budget envelopes of hours and money per team or department per quarter; they are never overspent. */
@Injectable()
export class BudgetsRepository {
  constructor(private readonly db: Db) {}

  list(quarter?: string): Promise<EnvelopeDto[]> {
    return this.db.query(
      `SELECT ${envelopeColumns} ${fromEnvelope} WHERE ($1::text IS NULL OR b.quarter = $1) ORDER BY b.quarter DESC, "scopeName"`,
      [quarter ?? null],
    );
  }

  find(id: string): Promise<EnvelopeDto | null> {
    return this.db.one(`SELECT ${envelopeColumns} ${fromEnvelope} WHERE b.id = $1`, [id]);
  }

  async create(envelope: { id: string; teamId?: string; departmentId?: string; quarter: string; hoursBudget: number; amountBudgetMinor: number }): Promise<void> {
    await this.db.query(
      `INSERT INTO budget_envelope (organisation_id, id, team_id, department_id, quarter, hours_budget, amount_budget_minor)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6)`,
      [envelope.id, envelope.teamId ?? null, envelope.departmentId ?? null, envelope.quarter, envelope.hoursBudget, envelope.amountBudgetMinor],
    );
  }

  /** Resizes if the version matches and the new size still holds what was approved; returns why not otherwise. */
  async resize(id: string, version: number, hours?: number, amountMinor?: number): Promise<'ok' | 'stale' | 'below_committed'> {
    const rows = await this.db.query(
      `UPDATE budget_envelope SET hours_budget = coalesce($3, hours_budget), amount_budget_minor = coalesce($4, amount_budget_minor),
              version = version + 1
        WHERE id = $1 AND version = $2
          AND coalesce($3, hours_budget) >= hours_committed AND coalesce($4, amount_budget_minor) >= amount_committed_minor
        RETURNING id`,
      [id, version, hours ?? null, amountMinor ?? null],
    );
    if (rows.length > 0) return 'ok';
    const current = await this.db.one<{ version: number }>(`SELECT version FROM budget_envelope WHERE id = $1`, [id]);
    return current?.version !== version ? 'stale' : 'below_committed';
  }

  /** The envelope a team's proposal draws from: the team's own for the quarter, else the nearest department's above it. */
  async envelopeFor(teamId: string, quarter: string): Promise<EnvelopeDto | null> {
    return this.db.one(
      `WITH RECURSIVE chain AS (
          SELECT d.id, d.parent_id, 1 AS depth FROM department d WHERE d.id = (SELECT department_id FROM team WHERE id = $1)
          UNION SELECT p.id, p.parent_id, c.depth + 1 FROM department p JOIN chain c ON p.id = c.parent_id)
       SELECT ${envelopeColumns} ${fromEnvelope}
        WHERE b.quarter = $2 AND (b.team_id = $1 OR b.department_id IN (SELECT id FROM chain))
        ORDER BY (b.team_id IS NOT NULL) DESC, (SELECT depth FROM chain WHERE chain.id = b.department_id)
        LIMIT 1`,
      [teamId, quarter],
    );
  }

  /**
   * Commits hours and money if they still fit. One conditional UPDATE: the row lock makes concurrent
   * approvals queue, and each sees what the one before it committed.
   */
  async commit(envelopeId: string, hours: number, amountMinor: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE budget_envelope SET hours_committed = hours_committed + $2, amount_committed_minor = amount_committed_minor + $3
        WHERE id = $1 AND hours_committed + $2 <= hours_budget AND amount_committed_minor + $3 <= amount_budget_minor
        RETURNING id`,
      [envelopeId, hours, amountMinor],
    );
    return rows.length > 0;
  }

  async recordSpend(envelopeId: string, hours: number, amountMinor: number): Promise<void> {
    await this.db.query(
      `UPDATE budget_envelope SET hours_spent = hours_spent + $2, amount_spent_minor = amount_spent_minor + $3 WHERE id = $1`,
      [envelopeId, hours, amountMinor],
    );
  }

  /** Open proposals this person may decide, oldest first. */
  pendingFor(membershipId: string, isAdmin: boolean): Promise<Array<Omit<PendingApprovalDto, 'experiment' | 'envelope'> & { experimentId: string }>> {
    return this.db.query(
      `WITH RECURSIVE headed AS (
          SELECT d.id FROM department d JOIN department_head h ON h.organisation_id = d.organisation_id AND h.department_id = d.id
           WHERE h.membership_id = $1 AND h.valid_to IS NULL
          UNION SELECT c.id FROM department c JOIN headed p ON c.parent_id = p.id),
        led AS (SELECT team_id FROM team_membership WHERE membership_id = $1 AND position = 'lead' AND valid_to IS NULL)
       SELECT a.id AS "approvalId", a.level, a.requested_at AS "requestedAt", a.requested_hours AS "requestedHours",
              a.requested_amount_minor::float8 AS "requestedAmountMinor", a.experiment_id AS "experimentId"
         FROM approval a
         JOIN experiment e ON e.organisation_id = a.organisation_id AND e.id = a.experiment_id
         JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
        WHERE a.decided_at IS NULL AND e.owner_membership_id <> $1
          AND ($2 OR t.department_id IN (SELECT id FROM headed) OR (a.level = 'team_lead' AND e.team_id IN (SELECT team_id FROM led)))
        ORDER BY a.requested_at`,
      [membershipId, isAdmin],
    );
  }
}
