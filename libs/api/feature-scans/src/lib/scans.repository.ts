import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { FrozenGroup, Measure, Publication, Statement, Tally } from '@kaizen/shared/domain-scan';

export interface ScanRow {
  id: string;
  title: string;
  scope: 'organisation' | 'departments';
  departmentIds: string[];
  opensAt: Date;
  closesAt: Date;
  minResponses: number;
  reminderRounds: number;
  instrumentId: string;
  instrumentVersion: number;
  invited: number;
  responded: number;
  myParticipation: 'not_invited' | 'invited' | 'answered';
}

export interface UnitRow {
  unitKind: 'team' | 'department' | 'organisation';
  unitId: string;
  responses: number;
  comments: string[];
}

export interface UnitTally extends Tally {
  unitKind: UnitRow['unitKind'];
  unitId: string;
}

export interface Recipient {
  membershipId: string;
  email: string;
  locale: 'en' | 'nl';
}

const scanColumns = `s.id, s.title, s.scope, s.opens_at AS "opensAt", s.closes_at AS "closesAt", s.min_responses AS "minResponses",
  s.reminder_rounds AS "reminderRounds", s.instrument_id AS "instrumentId", i.version AS "instrumentVersion",
  coalesce((SELECT array_agg(sd.department_id ORDER BY sd.department_id) FROM scan_department sd WHERE sd.scan_id = s.id), '{}') AS "departmentIds",
  (SELECT count(*)::int FROM scan_participation p WHERE p.scan_id = s.id) AS invited,
  (SELECT count(*)::int FROM scan_participation p WHERE p.scan_id = s.id AND p.answered) AS responded,
  coalesce((SELECT CASE WHEN p.answered THEN 'answered' ELSE 'invited' END FROM scan_participation p WHERE p.scan_id = s.id AND p.membership_id = $1), 'not_invited') AS "myParticipation"`;

const fromScan = `FROM scan s JOIN scan_instrument i ON i.organisation_id = s.organisation_id AND i.id = s.instrument_id`;

/** The departments a scan covers: the chosen ones and every one below them; all of them for a whole-organisation scan. */
const scopedDepartments = `scoped AS (
    SELECT d.id FROM department d, scan s WHERE s.id = $1 AND (s.scope = 'organisation' OR d.id IN (SELECT department_id FROM scan_department WHERE scan_id = $1))
    UNION SELECT c.id FROM department c JOIN scoped p ON c.parent_id = p.id)`;

/** Scans, their pinned instruments, participation and the anonymous tallies. Runs inside a tenant transaction. */
@Injectable()
export class ScansRepository {
  constructor(private readonly db: Db) {}

  async minResponses(): Promise<number | null> {
    return (await this.db.one<{ min: number }>(`SELECT min_responses AS min FROM scan_settings`))?.min ?? null;
  }

  async setMinResponses(min: number): Promise<void> {
    await this.db.query(
      `INSERT INTO scan_settings (organisation_id, min_responses) VALUES (current_organisation_id(), $1)
       ON CONFLICT (organisation_id) DO UPDATE SET min_responses = excluded.min_responses`,
      [min],
    );
  }

  organisation(): Promise<{ name: string; timeZone: string } | null> {
    return this.db.one(`SELECT name, time_zone AS "timeZone" FROM organisation WHERE organisation_id = current_organisation_id()`);
  }

  /** Serialises changes to the instrument, so two admins adding at once make two versions, not a clash. */
  async lockInstrument(): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('scan_instrument:' || current_organisation_id()::text, 0))`);
  }

  latestInstrument(): Promise<{ id: string; version: number; statements: Statement[] } | null> {
    return this.db.one(`SELECT id, version, statements FROM scan_instrument ORDER BY version DESC LIMIT 1`);
  }

  instrument(id: string): Promise<{ id: string; version: number; statements: Statement[] } | null> {
    return this.db.one(`SELECT id, version, statements FROM scan_instrument WHERE id = $1`, [id]);
  }

  async insertInstrument(id: string, version: number, statements: Statement[]): Promise<void> {
    await this.db.query(`INSERT INTO scan_instrument (organisation_id, id, version, statements) VALUES (current_organisation_id(), $1, $2, $3)`, [
      id,
      version,
      JSON.stringify(statements),
    ]);
  }

  async existingDepartments(ids: string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM department WHERE id = ANY($1::uuid[]) AND archived_at IS NULL`, [ids]);
    return rows.map((r) => r.id);
  }

  async insertScan(scan: {
    id: string;
    title: string;
    instrumentId: string;
    departmentIds: string[];
    opensAt: Date;
    closesAt: Date;
    minResponses: number;
    createdBy: string;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO scan (organisation_id, id, title, instrument_id, scope, opens_at, closes_at, min_responses, created_by)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
      [scan.id, scan.title, scan.instrumentId, scan.departmentIds.length ? 'departments' : 'organisation', scan.opensAt, scan.closesAt, scan.minResponses, scan.createdBy],
    );
    if (scan.departmentIds.length) {
      await this.db.query(
        `INSERT INTO scan_department (organisation_id, scan_id, department_id) SELECT current_organisation_id(), $1, unnest($2::uuid[])`,
        [scan.id, scan.departmentIds],
      );
    }
  }

  /** Invites every active member the scan covers: in a team of a covered department, or heading one. Returns how many. */
  async invite(scanId: string): Promise<number> {
    const rows = await this.db.query(
      `WITH RECURSIVE ${scopedDepartments}
       INSERT INTO scan_participation (organisation_id, scan_id, membership_id)
       SELECT current_organisation_id(), $1, m.id FROM membership m, scan s
        WHERE s.id = $1 AND m.status = 'active'
          AND (s.scope = 'organisation'
               OR m.id IN (SELECT tm.membership_id FROM team_membership tm JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id
                            WHERE tm.valid_to IS NULL AND t.archived_at IS NULL AND t.department_id IN (SELECT id FROM scoped))
               OR m.id IN (SELECT h.membership_id FROM department_head h WHERE h.valid_to IS NULL AND h.department_id IN (SELECT id FROM scoped)))
       RETURNING membership_id`,
      [scanId],
    );
    return rows.length;
  }

  list(membershipId: string): Promise<ScanRow[]> {
    return this.db.query(`SELECT ${scanColumns} ${fromScan} ORDER BY s.opens_at DESC, s.id DESC`, [membershipId]);
  }

  find(id: string, membershipId: string): Promise<ScanRow | null> {
    return this.db.one(`SELECT ${scanColumns} ${fromScan} WHERE s.id = $2`, [membershipId, id]);
  }

  async closeNow(id: string): Promise<void> {
    await this.db.query(`UPDATE scan SET closes_at = greatest(now(), opens_at + interval '1 millisecond') WHERE id = $1`, [id]);
  }

  /** Opened scans, oldest first, for trends. */
  opened(membershipId: string): Promise<ScanRow[]> {
    return this.db.query(`SELECT ${scanColumns} ${fromScan} WHERE s.opens_at <= now() ORDER BY s.closes_at, s.id`, [membershipId]);
  }

  /**
   * Marks this person as having answered, if they were invited and had not. The participation row
   * gets no time and no link to the answers. Returns the group frozen for them at opening (null for
   * scans from before groups were frozen), or why not.
   */
  async markAnswered(scanId: string, membershipId: string): Promise<{ unitKey: string | null } | 'answered' | 'not_invited'> {
    const rows = await this.db.query<{ unitKey: string | null }>(
      `UPDATE scan_participation SET answered = true WHERE scan_id = $1 AND membership_id = $2 AND NOT answered RETURNING unit_key AS "unitKey"`,
      [scanId, membershipId],
    );
    if (rows.length) return rows[0];
    const existing = await this.db.one(`SELECT 1 FROM scan_participation WHERE scan_id = $1 AND membership_id = $2`, [scanId, membershipId]);
    return existing ? 'answered' : 'not_invited';
  }

  /**
   * Freezes each invited person's group as it is now: longest-held team in scope, else a department
   * they head, else the organisation. Only for those not placed yet (all of them when a scan opens;
   * for a scan opened before groups were frozen, each person when they answer). Returns the groups.
   */
  placeInvited(scanId: string): Promise<Array<{ membershipId: string; unitKey: string }>> {
    return this.db.query(
      `WITH RECURSIVE ${scopedDepartments},
       candidates AS (
         SELECT tm.membership_id, 'team:' || t.id AS key, 1 AS preference, tm.valid_from AS since, t.id
           FROM team_membership tm JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id
          WHERE tm.valid_to IS NULL AND t.archived_at IS NULL AND t.department_id IN (SELECT id FROM scoped)
         UNION ALL
         SELECT h.membership_id, 'department:' || h.department_id, 2, h.valid_from, h.department_id
           FROM department_head h WHERE h.valid_to IS NULL AND h.department_id IN (SELECT id FROM scoped)),
       chosen AS (SELECT DISTINCT ON (membership_id) membership_id, key FROM candidates ORDER BY membership_id, preference, since, id)
       UPDATE scan_participation p SET unit_key = coalesce((SELECT c.key FROM chosen c WHERE c.membership_id = p.membership_id), 'organisation:' || current_organisation_id())
        WHERE p.scan_id = $1 AND p.unit_key IS NULL
       RETURNING p.membership_id AS "membershipId", p.unit_key AS "unitKey"`,
      [scanId],
    );
  }

  /** Writes the group tree a scan is computed against from now on. */
  async freezeGroups(scanId: string, groups: readonly FrozenGroup[]): Promise<void> {
    await this.db.query(
      `INSERT INTO scan_group (organisation_id, scan_id, key, kind, unit_id, name, parent_key)
       SELECT current_organisation_id(), $1, g.key, g.kind, g.unit_id, g.name, g.parent_key
         FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[]) AS g(key, kind, unit_id, name, parent_key)`,
      [scanId, groups.map((g) => g.key), groups.map((g) => g.kind), groups.map((g) => g.id), groups.map((g) => g.name), groups.map((g) => g.parent)],
    );
  }

  frozenGroups(scanId: string): Promise<FrozenGroup[]> {
    return this.db.query(`SELECT key, kind, unit_id AS id, name, parent_key AS parent FROM scan_group WHERE scan_id = $1`, [scanId]);
  }

  /** Puts a sealed answer sheet in the buffer; its id is random, so neither id nor order tells when. */
  async bufferSheet(scanId: string, sealed: Buffer): Promise<void> {
    await this.db.query(`INSERT INTO scan_sheet_buffer (organisation_id, scan_id, sealed) VALUES (current_organisation_id(), $1, $2)`, [scanId, sealed]);
  }

  async pendingSheets(scanId: string): Promise<number> {
    return (await this.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = $1`, [scanId]))?.n ?? 0;
  }

  /** The pending sheets, locked until the fold commits, so two folds never take the same sheet. */
  takePending(scanId: string): Promise<Array<{ id: string; sealed: Buffer }>> {
    return this.db.query(`SELECT id, sealed FROM scan_sheet_buffer WHERE scan_id = $1 ORDER BY random() FOR UPDATE`, [scanId]);
  }

  /** A cell's sealed totals, locked until the fold commits; null before its first sheet. */
  async lockCell(scanId: string, key: string): Promise<Buffer | null> {
    return (await this.db.one<{ sealed: Buffer }>(`SELECT sealed FROM scan_cell WHERE scan_id = $1 AND key = $2 FOR UPDATE`, [scanId, key]))?.sealed ?? null;
  }

  async saveCell(scanId: string, key: string, sealed: Buffer): Promise<void> {
    await this.db.query(
      `INSERT INTO scan_cell (organisation_id, scan_id, key, sealed) VALUES (current_organisation_id(), $1, $2, $3)
       ON CONFLICT (organisation_id, scan_id, key) DO UPDATE SET sealed = excluded.sealed`,
      [scanId, key, sealed],
    );
  }

  sealedCells(scanId: string): Promise<Array<{ key: string; sealed: Buffer }>> {
    return this.db.query(`SELECT key, sealed FROM scan_cell WHERE scan_id = $1`, [scanId]);
  }

  async dropPending(scanId: string, ids: string[]): Promise<void> {
    await this.db.query(`DELETE FROM scan_sheet_buffer WHERE scan_id = $1 AND id = ANY($2::uuid[])`, [scanId, ids]);
  }

  /** Every group total shown for this scan so far. */
  publications(scanId: string): Promise<Publication[]> {
    return this.db.query(`SELECT measure, group_key AS "groupKey", cells, total FROM scan_publication WHERE scan_id = $1`, [scanId]);
  }

  /** Response totals shown for these groups in other scans. */
  otherScansTotals(scanId: string, groupKeys: string[]): Promise<Array<{ groupKey: string; total: number }>> {
    return this.db.query(
      `SELECT group_key AS "groupKey", total FROM scan_publication WHERE scan_id <> $1 AND measure = 'answers' AND group_key = ANY($2::text[])`,
      [scanId, groupKeys],
    );
  }

  async recordPublications(scanId: string, published: ReadonlyArray<{ measure: Measure; groupKey: string; cells: readonly string[]; total: number }>): Promise<void> {
    if (!published.length) return;
    await this.db.query(
      `INSERT INTO scan_publication (organisation_id, scan_id, measure, group_key, cells, total)
       SELECT current_organisation_id(), $1, p.measure, p.group_key, string_to_array(p.cells, ','), p.total
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS p(measure, group_key, cells, total)
       ON CONFLICT DO NOTHING`,
      [scanId, published.map((p) => p.measure), published.map((p) => p.groupKey), published.map((p) => [...p.cells].sort().join(',')), published.map((p) => p.total)],
    );
  }

  /** Cells of scans from before cells were sealed. */
  units(scanId: string): Promise<UnitRow[]> {
    return this.db.query(
      `SELECT unit_kind AS "unitKind", unit_id AS "unitId", responses, comments FROM scan_unit WHERE scan_id = $1`,
      [scanId],
    );
  }

  tallies(scanId: string): Promise<UnitTally[]> {
    return this.db.query(
      `SELECT unit_kind AS "unitKind", unit_id AS "unitId", statement_id AS "statementId", value, count FROM scan_tally WHERE scan_id = $1`,
      [scanId],
    );
  }

  /** The departments a scan covers (see `scopedDepartments`). */
  async scopedDepartmentIds(scanId: string): Promise<Set<string>> {
    const rows = await this.db.query<{ id: string }>(`WITH RECURSIVE ${scopedDepartments} SELECT id FROM scoped`, [scanId]);
    return new Set(rows.map((r) => r.id));
  }

  departments(): Promise<Array<{ id: string; parentId: string | null; name: string; archived: boolean }>> {
    return this.db.query(`SELECT id, parent_id AS "parentId", name, archived_at IS NOT NULL AS archived FROM department ORDER BY lower(name), id`);
  }

  teams(): Promise<Array<{ id: string; departmentId: string; name: string; archived: boolean }>> {
    return this.db.query(`SELECT id, department_id AS "departmentId", name, archived_at IS NOT NULL AS archived FROM team ORDER BY lower(name), id`);
  }

  /** The scan row, locked until the transaction ends, so reminder rounds never run twice at once. */
  lockScan(id: string): Promise<{ opensAt: Date; closesAt: Date; reminderRounds: number; title: string; minResponses: number } | null> {
    return this.db.one(
      `SELECT opens_at AS "opensAt", closes_at AS "closesAt", reminder_rounds AS "reminderRounds", title, min_responses AS "minResponses" FROM scan WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  /**
   * The scan's window, with the row share-locked until the transaction ends: closing, folding and
   * results wait for an answer in flight, so a sheet never arrives after a look at the results.
   */
  shareLockScan(id: string): Promise<{ opensAt: Date; closesAt: Date } | null> {
    return this.db.one(`SELECT opens_at AS "opensAt", closes_at AS "closesAt" FROM scan WHERE id = $1 FOR SHARE`, [id]);
  }

  /** Invited active members who have not answered (and, for a reminder round, have had fewer reminders than it). */
  waitingFor(scanId: string, beforeRound = 3): Promise<Recipient[]> {
    return this.db.query(
      `SELECT p.membership_id AS "membershipId", u.email, u.locale
         FROM scan_participation p
         JOIN membership m ON m.organisation_id = p.organisation_id AND m.id = p.membership_id
         JOIN app_user u ON u.id = m.user_id
        WHERE p.scan_id = $1 AND NOT p.answered AND m.status = 'active' AND p.reminders_sent < $2
        ORDER BY p.membership_id`,
      [scanId, beforeRound],
    );
  }

  async recordReminderRound(scanId: string, round: number, membershipIds: string[]): Promise<void> {
    await this.db.query(`UPDATE scan SET reminder_rounds = $2 WHERE id = $1`, [scanId, round]);
    await this.db.query(
      `UPDATE scan_participation SET reminders_sent = reminders_sent + 1 WHERE scan_id = $1 AND membership_id = ANY($2::uuid[]) AND reminders_sent < 2`,
      [scanId, membershipIds],
    );
  }
}
