import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  currentOrganisationId,
  Db,
  departmentSubtree,
  keysetPage,
  sameTenant,
} from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { FrozenGroup, Measure, Statement } from '@kaizen/shared/domain-scan';

export type ScanRow = NonNullable<Awaited<ReturnType<ScansRepository['find']>>>;
export type InstrumentRow = NonNullable<Awaited<ReturnType<ScansRepository['instrument']>>>;
export type FrozenGroupRow = Awaited<ReturnType<ScansRepository['frozenGroups']>>[number];
export type PublicationRow = Awaited<ReturnType<ScansRepository['publications']>>[number];
export type UnitRow = Awaited<ReturnType<ScansRepository['units']>>[number];
export type TallyRow = Awaited<ReturnType<ScansRepository['tallies']>>[number];
export type DepartmentRow = Awaited<ReturnType<ScansRepository['departments']>>[number];
export type TeamRow = Awaited<ReturnType<ScansRepository['teams']>>[number];
export type ScanWindowRow = NonNullable<Awaited<ReturnType<ScansRepository['lockScan']>>>;
export type RecipientRow = Awaited<ReturnType<ScansRepository['waitingFor']>>[number];

/** `= ANY` of one array parameter: a list as long as a big organisation's members stays one parameter. */
const anyOf = (ids: readonly string[]) => sql<string>`ANY(${ids}::uuid[])`;

/** Scans, their pinned instruments, participation and the anonymous tallies. Runs inside a tenant transaction. */
@Injectable()
export class ScansRepository {
  constructor(private readonly db: Db) {}

  async minResponses(): Promise<number | null> {
    return (
      (await this.db.selectFrom('scan_settings').select('min_responses').executeTakeFirst())?.min_responses ??
      null
    );
  }

  async setMinResponses(min: number): Promise<void> {
    await this.db
      .insertInto('scan_settings')
      .values({ organisation_id: currentOrganisationId, min_responses: min })
      .onConflict((conflict) =>
        conflict
          .column('organisation_id')
          .doUpdateSet({ min_responses: (eb) => eb.ref('excluded.min_responses') }),
      )
      .execute();
  }

  organisation() {
    return this.db
      .selectFrom('organisation')
      .select(['name', 'time_zone'])
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirst();
  }

  /** Serialises changes to the instrument, so two admins adding at once make two versions, not a clash. */
  async lockInstrument(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('scan_instrument:' || current_organisation_id()::text, 0))`.execute(
      this.db,
    );
  }

  latestInstrument() {
    return this.db
      .selectFrom('scan_instrument')
      .select(['id', 'version', 'statements'])
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  instrument(id: string) {
    return this.db
      .selectFrom('scan_instrument')
      .select(['id', 'version', 'statements'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertInstrument(id: string, version: number, statements: Statement[]): Promise<void> {
    // As JSON text: pg would send a JavaScript array as a PostgreSQL array.
    await this.db
      .insertInto('scan_instrument')
      .values({ organisation_id: currentOrganisationId, id, version, statements: JSON.stringify(statements) })
      .execute();
  }

  async existingDepartments(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('department')
      .select('id')
      .where('id', 'in', ids)
      .where('archived_at', 'is', null)
      .execute();
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
    await this.db
      .insertInto('scan')
      .values({
        organisation_id: currentOrganisationId,
        id: scan.id,
        title: scan.title,
        instrument_id: scan.instrumentId,
        scope: scan.departmentIds.length ? 'departments' : 'organisation',
        opens_at: scan.opensAt,
        closes_at: scan.closesAt,
        min_responses: scan.minResponses,
        created_by: scan.createdBy,
      })
      .execute();
    if (scan.departmentIds.length) {
      await this.db
        .insertInto('scan_department')
        .values(
          scan.departmentIds.map((departmentId) => ({
            organisation_id: currentOrganisationId,
            scan_id: scan.id,
            department_id: departmentId,
          })),
        )
        .execute();
    }
  }

  /** The departments a scan covers: the chosen ones and every one below them; all of them for a whole-organisation scan. */
  private scopedDepartments(scanId: string) {
    return this.db
      .selectFrom('department as d')
      .select('d.id')
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('scan as s')
              .select('s.id')
              .where('s.id', '=', scanId)
              .where('s.scope', '=', 'organisation'),
          ),
          eb(
            'd.id',
            'in',
            eb
              .selectFrom('scan_department as sd')
              .crossJoin(departmentSubtree(sql.ref<string>('sd.department_id')).as('below'))
              .select('below.id')
              .where('sd.scan_id', '=', scanId),
          ),
        ]),
      );
  }

  /** Invites every active member the scan covers: in a team of a covered department, or heading one. Returns how many. */
  async invite(scanId: string): Promise<number> {
    const scoped = this.scopedDepartments(scanId);
    const rows = await this.db
      .insertInto('scan_participation')
      .columns(['organisation_id', 'scan_id', 'membership_id'])
      .expression((eb) =>
        eb
          .selectFrom(['membership as m', 'scan as s'])
          .select([currentOrganisationId.as('organisation_id'), 's.id as scan_id', 'm.id as membership_id'])
          .where('s.id', '=', scanId)
          .where('m.status', '=', 'active')
          .where((w) =>
            w.or([
              w('s.scope', '=', 'organisation'),
              w(
                'm.id',
                'in',
                w
                  .selectFrom('team_membership as tm')
                  .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'tm.team_id'))
                  .select('tm.membership_id')
                  .where('tm.valid_to', 'is', null)
                  .where('t.archived_at', 'is', null)
                  .where('t.department_id', 'in', scoped),
              ),
              w(
                'm.id',
                'in',
                w
                  .selectFrom('department_head as h')
                  .select('h.membership_id')
                  .where('h.valid_to', 'is', null)
                  .where('h.department_id', 'in', scoped),
              ),
            ]),
          ),
      )
      .returning('membership_id')
      .execute();
    return rows.length;
  }

  private scans(membershipId: string) {
    return this.db
      .selectFrom('scan as s')
      .innerJoin('scan_instrument as i', (join) => sameTenant(join, 'i.id', 's.instrument_id'))
      .select((eb) => [
        's.id',
        's.title',
        's.scope',
        's.opens_at',
        's.closes_at',
        's.min_responses',
        's.reminder_rounds',
        's.instrument_id',
        'i.version as instrument_version',
        eb.fn
          .coalesce(
            eb
              .selectFrom('scan_department as sd')
              .select(sql<string[]>`array_agg(sd.department_id ORDER BY sd.department_id)`.as('ids'))
              .whereRef('sd.scan_id', '=', 's.id'),
            sql<string[]>`'{}'`,
          )
          .as('department_ids'),
        eb
          .selectFrom('scan_participation as p')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('p.scan_id', '=', 's.id')
          .as('invited'),
        eb
          .selectFrom('scan_participation as p')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('p.scan_id', '=', 's.id')
          .where('p.answered', '=', true)
          .as('responded'),
        eb.fn
          .coalesce(
            eb
              .selectFrom('scan_participation as p')
              .select(
                sql<'answered' | 'invited'>`CASE WHEN p.answered THEN 'answered' ELSE 'invited' END`.as(
                  'state',
                ),
              )
              .whereRef('p.scan_id', '=', 's.id')
              .where('p.membership_id', '=', membershipId),
            sql<'not_invited'>`'not_invited'`,
          )
          .as('my_participation'),
      ]);
  }

  /** Newest first. */
  list(membershipId: string, page: PageQueryDto) {
    return keysetPage(
      this.scans(membershipId),
      { by: 's.opens_at', id: 's.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  find(id: string, membershipId: string) {
    return this.scans(membershipId).where('s.id', '=', id).executeTakeFirst();
  }

  async closeNow(id: string): Promise<void> {
    await this.db
      .updateTable('scan')
      .set({ closes_at: sql<Date>`greatest(now(), opens_at + interval '1 millisecond')` })
      .where('id', '=', id)
      .execute();
  }

  /** Opened scans, oldest first, for trends. */
  opened(membershipId: string) {
    return this.scans(membershipId)
      .where('s.opens_at', '<=', sql<Date>`now()`)
      .orderBy('s.closes_at')
      .orderBy('s.id')
      .execute();
  }

  /**
   * Marks this person as having answered, if they were invited and had not. The participation row
   * gets no time and no link to the answers. Returns the group frozen for them at opening (null for
   * scans from before groups were frozen), or why not.
   */
  async markAnswered(
    scanId: string,
    membershipId: string,
  ): Promise<{ unit: string | null } | 'answered' | 'not_invited'> {
    const marked = await this.db
      .updateTable('scan_participation')
      .set({ answered: true })
      .where('scan_id', '=', scanId)
      .where('membership_id', '=', membershipId)
      .where('answered', '=', false)
      .returning('unit_key as unit')
      .executeTakeFirst();
    if (marked) return marked;
    const existing = await this.db
      .selectFrom('scan_participation')
      .select('scan_id')
      .where('scan_id', '=', scanId)
      .where('membership_id', '=', membershipId)
      .executeTakeFirst();
    return existing ? 'answered' : 'not_invited';
  }

  /**
   * Freezes each invited person's group as it is now: longest-held team in scope, else a department
   * they head, else the organisation. Only for those not placed yet (all of them when a scan opens;
   * for a scan opened before groups were frozen, each person when they answer). Returns the groups.
   */
  placeInvited(scanId: string) {
    const scoped = this.scopedDepartments(scanId);
    return this.db
      .with('candidates', (db) =>
        db
          .selectFrom('team_membership as tm')
          .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'tm.team_id'))
          .select([
            'tm.membership_id',
            sql<string>`'team:' || t.id`.as('key'),
            sql<number>`1`.as('preference'),
            'tm.valid_from as since',
            't.id',
          ])
          .where('tm.valid_to', 'is', null)
          .where('t.archived_at', 'is', null)
          .where('t.department_id', 'in', scoped)
          .unionAll(
            db
              .selectFrom('department_head as h')
              .select([
                'h.membership_id',
                sql<string>`'department:' || h.department_id`.as('key'),
                sql<number>`2`.as('preference'),
                'h.valid_from as since',
                'h.department_id as id',
              ])
              .where('h.valid_to', 'is', null)
              .where('h.department_id', 'in', scoped),
          ),
      )
      .with('chosen', (db) =>
        db
          .selectFrom('candidates')
          .distinctOn('membership_id')
          .select(['membership_id', 'key'])
          .orderBy('membership_id')
          .orderBy('preference')
          .orderBy('since')
          .orderBy('id'),
      )
      .updateTable('scan_participation as p')
      .set((eb) => ({
        unit_key: eb.fn.coalesce(
          eb.selectFrom('chosen as c').select('c.key').whereRef('c.membership_id', '=', 'p.membership_id'),
          sql<string>`'organisation:' || current_organisation_id()`,
        ),
      }))
      .where('p.scan_id', '=', scanId)
      .where('p.unit_key', 'is', null)
      .returning(['p.membership_id', 'p.unit_key'])
      .execute();
  }

  /** Writes the group tree a scan is computed against from now on; one array per column, however big the tree. */
  async freezeGroups(scanId: string, groups: readonly FrozenGroup[]): Promise<void> {
    await sql`
      INSERT INTO scan_group (organisation_id, scan_id, key, kind, unit_id, name, parent_key)
      SELECT current_organisation_id(), ${scanId}, g.key, g.kind, g.unit_id, g.name, g.parent_key
        FROM unnest(${groups.map((g) => g.key)}::text[], ${groups.map((g) => g.kind)}::text[], ${groups.map((g) => g.id)}::uuid[],
                    ${groups.map((g) => g.name)}::text[], ${groups.map((g) => g.parent)}::text[]) AS g(key, kind, unit_id, name, parent_key)`.execute(
      this.db,
    );
  }

  frozenGroups(scanId: string) {
    return this.db
      .selectFrom('scan_group')
      .select(['key', 'kind', 'unit_id', 'name', 'parent_key'])
      .where('scan_id', '=', scanId)
      .execute();
  }

  /** Puts a sealed answer sheet in the buffer; its id is random, so neither id nor order tells when. */
  async bufferSheet(scanId: string, sealed: Buffer): Promise<void> {
    await this.db
      .insertInto('scan_sheet_buffer')
      .values({ organisation_id: currentOrganisationId, scan_id: scanId, sealed })
      .execute();
  }

  async pendingSheets(scanId: string): Promise<number> {
    const row = await this.db
      .selectFrom('scan_sheet_buffer')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('scan_id', '=', scanId)
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** The pending sheets, locked until the fold commits, so two folds never take the same sheet. */
  takePending(scanId: string) {
    return this.db
      .selectFrom('scan_sheet_buffer')
      .select(['id', 'sealed'])
      .where('scan_id', '=', scanId)
      .orderBy(sql`random()`)
      .forUpdate()
      .execute();
  }

  /** A cell's sealed totals, locked until the fold commits; null before its first sheet. */
  async lockCell(scanId: string, key: string): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('scan_cell')
      .select('sealed')
      .where('scan_id', '=', scanId)
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    return row?.sealed ?? null;
  }

  async saveCell(scanId: string, key: string, sealed: Buffer): Promise<void> {
    await this.db
      .insertInto('scan_cell')
      .values({ organisation_id: currentOrganisationId, scan_id: scanId, key, sealed })
      .onConflict((conflict) =>
        conflict
          .columns(['organisation_id', 'scan_id', 'key'])
          .doUpdateSet({ sealed: (eb) => eb.ref('excluded.sealed') }),
      )
      .execute();
  }

  sealedCells(scanId: string) {
    return this.db.selectFrom('scan_cell').select(['key', 'sealed']).where('scan_id', '=', scanId).execute();
  }

  async dropPending(scanId: string, ids: string[]): Promise<void> {
    await this.db
      .deleteFrom('scan_sheet_buffer')
      .where('scan_id', '=', scanId)
      .where('id', '=', anyOf(ids))
      .execute();
  }

  /** Every group total shown for this scan so far. */
  publications(scanId: string) {
    return this.db
      .selectFrom('scan_publication')
      .select(['measure', 'group_key', 'cells', 'total'])
      .where('scan_id', '=', scanId)
      .execute();
  }

  /** Response totals shown for these groups in other scans. */
  async otherScansTotals(
    scanId: string,
    groupKeys: string[],
  ): Promise<Array<{ group_key: string; total: number }>> {
    if (groupKeys.length === 0) return [];
    return this.db
      .selectFrom('scan_publication')
      .select(['group_key', 'total'])
      .where('scan_id', '<>', scanId)
      .where('measure', '=', 'answers')
      .where('group_key', 'in', groupKeys)
      .execute();
  }

  async recordPublications(
    scanId: string,
    published: ReadonlyArray<{ measure: Measure; groupKey: string; cells: readonly string[]; total: number }>,
  ): Promise<void> {
    if (!published.length) return;
    // One array per column, however many groups; cells sorted, so one set of cells is one row however it was listed.
    await sql`
      INSERT INTO scan_publication (organisation_id, scan_id, measure, group_key, cells, total)
      SELECT current_organisation_id(), ${scanId}, p.measure, p.group_key, string_to_array(p.cells, ','), p.total
        FROM unnest(${published.map((p) => p.measure)}::text[], ${published.map((p) => p.groupKey)}::text[],
                    ${published.map((p) => [...p.cells].sort().join(','))}::text[], ${published.map((p) => p.total)}::int[]) AS p(measure, group_key, cells, total)
      ON CONFLICT DO NOTHING`.execute(this.db);
  }

  /** Cells of scans from before cells were sealed. */
  units(scanId: string) {
    return this.db
      .selectFrom('scan_unit')
      .select(['unit_kind', 'unit_id', 'responses', 'comments'])
      .where('scan_id', '=', scanId)
      .execute();
  }

  tallies(scanId: string) {
    return this.db
      .selectFrom('scan_tally')
      .select(['unit_kind', 'unit_id', 'statement_id', 'value', 'count'])
      .where('scan_id', '=', scanId)
      .execute();
  }

  /** The departments a scan covers (see `scopedDepartments`). */
  async scopedDepartmentIds(scanId: string): Promise<Set<string>> {
    const rows = await this.scopedDepartments(scanId).execute();
    return new Set(rows.map((r) => r.id));
  }

  departments() {
    return this.db
      .selectFrom('department')
      .select(['id', 'parent_id', 'name', sql<boolean>`archived_at IS NOT NULL`.as('archived')])
      .orderBy(sql`lower(name)`)
      .orderBy('id')
      .execute();
  }

  teams() {
    return this.db
      .selectFrom('team')
      .select(['id', 'department_id', 'name', sql<boolean>`archived_at IS NOT NULL`.as('archived')])
      .orderBy(sql`lower(name)`)
      .orderBy('id')
      .execute();
  }

  /** The scan row, locked until the transaction ends, so reminder rounds never run twice at once. */
  lockScan(id: string) {
    return this.db
      .selectFrom('scan')
      .select(['opens_at', 'closes_at', 'reminder_rounds', 'title', 'min_responses'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * The scan's window, with the row share-locked until the transaction ends: closing, folding and
   * results wait for an answer in flight, so a sheet never arrives after a look at the results.
   */
  shareLockScan(id: string) {
    return this.db
      .selectFrom('scan')
      .select(['opens_at', 'closes_at'])
      .where('id', '=', id)
      .forShare()
      .executeTakeFirst();
  }

  /** Invited active members who have not answered (and, for a reminder round, have had fewer reminders than it). */
  waitingFor(scanId: string, beforeRound = 3) {
    return this.db
      .selectFrom('scan_participation as p')
      .innerJoin('membership as m', (join) => sameTenant(join, 'm.id', 'p.membership_id'))
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['p.membership_id', 'u.email', 'u.locale'])
      .where('p.scan_id', '=', scanId)
      .where('p.answered', '=', false)
      .where('m.status', '=', 'active')
      .where('p.reminders_sent', '<', beforeRound)
      .orderBy('p.membership_id')
      .execute();
  }

  async recordReminderRound(scanId: string, round: number, membershipIds: string[]): Promise<void> {
    await this.db.updateTable('scan').set({ reminder_rounds: round }).where('id', '=', scanId).execute();
    await this.db
      .updateTable('scan_participation')
      .set((eb) => ({ reminders_sent: eb('reminders_sent', '+', 1) }))
      .where('scan_id', '=', scanId)
      .where('membership_id', '=', anyOf(membershipIds))
      .where('reminders_sent', '<', 2)
      .execute();
  }
}
