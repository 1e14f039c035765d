import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  currentOrganisationId,
  dateText,
  Db,
  departmentSubtree,
  keysetPage,
  personName,
  sameTenant,
} from '@kaizen/api/data-access-db';
import { changeMomentsOf, measurePointsOf } from '@kaizen/api/data-access-measures';

export type ProgrammeRow = NonNullable<Awaited<ReturnType<ProgrammesRepository['find']>>>;
export type MemberRow = Awaited<ReturnType<ProgrammesRepository['members']>>[number];
export type NodeRow = Awaited<ReturnType<ProgrammesRepository['nodes']>>[number];
export type TestRow = Awaited<ReturnType<ProgrammesRepository['tests']>>[number];
export type AimPointRow = Awaited<ReturnType<ProgrammesRepository['aimPoints']>>[number];

export interface ProgrammeListFilter {
  departmentId?: string;
  /** Only the programmes of this team. */
  teamId?: string;
  /** Only this programme. */
  id?: string;
  /** Only programmes whose latest test started before this moment (or that never started one by then). */
  stalledBefore?: string;
}

export interface AimColumns {
  statement: string;
  measureId: string;
  baseline: number;
  target: number;
  targetDate: string;
}

@Injectable()
export class ProgrammesRepository {
  constructor(private readonly db: Db) {}

  private programmes() {
    return this.db
      .selectFrom('programme as p')
      .leftJoin('team as t', (join) => sameTenant(join, 't.id', 'p.team_id'))
      .leftJoin('department as d', (join) => sameTenant(join, 'd.id', 'p.department_id'))
      .leftJoin('measure as am', (join) => sameTenant(join, 'am.id', 'p.aim_measure_id'))
      .select([
        'p.id',
        'p.title',
        'p.owner_membership_id',
        'p.unit_type',
        'p.team_id',
        'p.department_id',
        'p.aim_statement',
        'p.aim_measure_id',
        'p.aim_baseline',
        'p.aim_target',
        dateText<string | null>('p.aim_target_date').as('aim_target_date'),
        'am.name as measure_name',
        'am.unit as measure_unit',
        'am.direction as measure_direction',
        'am.kind as measure_kind',
        'am.multiplier as measure_multiplier',
        sql<number | null>`p.override_score::float8`.as('override_score'),
        'p.override_reason',
        'p.override_by',
        'p.override_at',
        'p.version',
        'p.created_at',
        'p.updated_at',
        'p.archived_at',
      ])
      .select((eb) => [
        personName(this.db, eb, 'p.owner_membership_id').as('owner_name'),
        personName(this.db, eb, 'p.override_by').as('override_by_name'),
        eb.fn.coalesce('t.name', 'd.name').as('unit_name'),
        eb
          .selectFrom('change_idea_experiment as c')
          .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'c.experiment_id'))
          .whereRef('c.organisation_id', '=', 'p.organisation_id')
          .whereRef('c.programme_id', '=', 'p.id')
          .select((e) => e.fn.max('e.started_at').as('at'))
          .as('last_test_started_at'),
      ]);
  }

  find(id: string) {
    return this.programmes().where('p.id', '=', id).executeTakeFirst();
  }

  /** One page, most recently changed first. */
  list(filter: ProgrammeListFilter, page: { limit?: number; cursor?: string }) {
    const programmes = this.programmes()
      .where('p.archived_at', 'is', null)
      .$if(filter.departmentId !== undefined, (q) => {
        const subtree = this.db
          .selectFrom(departmentSubtree(filter.departmentId as string).as('s'))
          .select('s.id');
        return q.where((eb) =>
          eb.or([eb('p.department_id', 'in', subtree), eb('t.department_id', 'in', subtree)]),
        );
      })
      .$if(filter.teamId !== undefined, (q) => q.where('p.team_id', '=', filter.teamId as string))
      .$if(filter.id !== undefined, (q) => q.where('p.id', '=', filter.id as string))
      .$if(filter.stalledBefore !== undefined, (q) =>
        q.where(
          sql<boolean>`coalesce((SELECT max(e.started_at) FROM change_idea_experiment c JOIN experiment e
            ON e.organisation_id = c.organisation_id AND e.id = c.experiment_id
            WHERE c.organisation_id = p.organisation_id AND c.programme_id = p.id), p.created_at)
            < ${filter.stalledBefore}::timestamptz`,
        ),
      );
    return keysetPage(
      programmes,
      { by: 'p.updated_at', id: 'p.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  async members(programmeIds: readonly string[]) {
    if (programmeIds.length === 0) return [];
    return this.db
      .selectFrom('programme_member as pm')
      .innerJoin('membership as m', (join) => sameTenant(join, 'm.id', 'pm.membership_id'))
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['pm.programme_id', 'pm.membership_id', 'u.display_name'])
      .where('pm.programme_id', 'in', programmeIds)
      .orderBy('u.display_name')
      .execute();
  }

  async nodes(programmeIds: readonly string[]) {
    if (programmeIds.length === 0) return [];
    return this.db
      .selectFrom('driver_node as n')
      .leftJoin('measure as m', (join) => sameTenant(join, 'm.id', 'n.measure_id'))
      .select([
        'n.id',
        'n.programme_id',
        'n.kind',
        'n.parent_id',
        'n.title',
        'n.measure_id',
        'm.name as measure_name',
        'n.position',
        'n.created_at',
      ])
      .where('n.programme_id', 'in', programmeIds)
      .orderBy('n.position')
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute();
  }

  /**
   * The cycles that test the programmes' change ideas, with the cycle each builds on (through its lesson), the
   * decision taken after it, and whether it came to its team by adoption.
   */
  async tests(programmeIds: readonly string[]) {
    if (programmeIds.length === 0) return [];
    return this.db
      .selectFrom('change_idea_experiment as c')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'c.experiment_id'))
      .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'e.team_id'))
      .leftJoin('lesson as pl', (join) => sameTenant(join, 'pl.id', 'e.builds_on_lesson_id'))
      .leftJoin('ramp_decision as rd', (join) => sameTenant(join, 'rd.experiment_id', 'e.id'))
      .select([
        'c.programme_id',
        'c.node_id',
        'e.id as experiment_id',
        'e.title',
        'e.status',
        'e.verdict',
        'e.team_id',
        't.name as team_name',
        'e.started_at',
        sql<Date | null>`coalesce(e.concluded_at, e.learned_at, e.closed_at,
          CASE WHEN e.status = 'stopped' THEN e.updated_at END)`.as('finished_at'),
        'e.created_at',
        'e.updated_at',
        'pl.experiment_id as previous_id',
        'pl.team_id as previous_team_id',
        'rd.decision',
      ])
      .select((eb) => [
        eb
          .or([
            eb.exists(
              eb
                .selectFrom('lesson_adoption as la')
                .whereRef('la.organisation_id', '=', 'e.organisation_id')
                .whereRef('la.experiment_id', '=', 'e.id')
                .select('la.id'),
            ),
            eb.exists(
              eb
                .selectFrom('ramp_decision as up')
                .whereRef('up.organisation_id', '=', 'e.organisation_id')
                .whereRef('up.follow_up_experiment_id', '=', 'e.id')
                .where('up.decision', '=', 'adopt')
                .select('up.experiment_id'),
            ),
          ])
          .as('adopted'),
      ])
      .where('c.programme_id', 'in', programmeIds)
      .orderBy(sql`e.started_at NULLS LAST`)
      .orderBy('e.created_at')
      .execute();
  }

  /** The aim measures' points: the same read as a measure's chart. */
  aimPoints(measureIds: readonly string[]) {
    return measurePointsOf(this.db, measureIds);
  }

  /** When each linked experiment's change began on the measure it is judged against. */
  changeMoments(experimentIds: readonly string[]) {
    return changeMomentsOf(this.db, experimentIds);
  }

  async create(row: {
    id: string;
    title: string;
    ownerId: string;
    unitType: string;
    teamId: string | null;
    departmentId: string | null;
    aim: AimColumns | null;
  }): Promise<void> {
    await this.db
      .insertInto('programme')
      .values({
        organisation_id: currentOrganisationId,
        id: row.id,
        title: row.title,
        owner_membership_id: row.ownerId,
        unit_type: row.unitType,
        team_id: row.teamId,
        department_id: row.departmentId,
        ...aimValues(row.aim),
      })
      .execute();
  }

  /** Changes the programme if `version` is current; false when it is stale. */
  async update(id: string, version: number, fields: { title?: string; aim?: AimColumns }): Promise<boolean> {
    const result = await this.db
      .updateTable('programme')
      .set({
        ...(fields.title === undefined ? {} : { title: fields.title }),
        ...(fields.aim === undefined ? {} : aimValues(fields.aim)),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setMembers(programmeId: string, membershipIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('programme_member').where('programme_id', '=', programmeId).execute();
    if (membershipIds.length === 0) return;
    await this.db
      .insertInto('programme_member')
      .values(
        membershipIds.map((membershipId) => ({
          organisation_id: currentOrganisationId,
          programme_id: programmeId,
          membership_id: membershipId,
        })),
      )
      .execute();
  }

  async setOverride(
    id: string,
    override: { score: number; reason: string; by: string } | null,
  ): Promise<void> {
    await this.db
      .updateTable('programme')
      .set({
        override_score: override ? String(override.score) : null,
        override_reason: override?.reason ?? null,
        override_by: override?.by ?? null,
        override_at: override ? sql`now()` : null,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  async archive(id: string): Promise<void> {
    await this.db
      .updateTable('programme')
      .set({ archived_at: sql`now()`, updated_at: sql`now()`, version: sql`version + 1` })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .execute();
  }

  /** Marks the programme changed, so it rises in the list. */
  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('programme')
      .set({ updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  async insertNode(node: {
    id: string;
    programmeId: string;
    kind: string;
    parentId: string | null;
    title: string;
    measureId: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('driver_node')
      .values((eb) => ({
        organisation_id: currentOrganisationId,
        id: node.id,
        programme_id: node.programmeId,
        kind: node.kind,
        parent_id: node.parentId,
        title: node.title,
        measure_id: node.measureId,
        // Last among its siblings.
        position: eb
          .selectFrom('driver_node')
          .where('programme_id', '=', node.programmeId)
          .where((w) =>
            node.parentId === null ? w('parent_id', 'is', null) : w('parent_id', '=', node.parentId),
          )
          .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next')),
      }))
      .execute();
  }

  async updateNode(id: string, fields: { parentId?: string | null; title?: string }) {
    const set = {
      ...(fields.parentId === undefined ? {} : { parent_id: fields.parentId }),
      ...(fields.title === undefined ? {} : { title: fields.title }),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('driver_node').set(set).where('id', '=', id).execute();
  }

  /** Siblings get positions 0, 1, 2… in the order given. */
  async orderSiblings(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('driver_node')
      .set({ position: sql<number>`array_position(${[...ids]}::uuid[], id) - 1` })
      .where('id', 'in', ids)
      .execute();
  }

  /** Holds the programme until the transaction ends, so two edits of its tree do not interleave. */
  async lock(id: string): Promise<void> {
    await this.db.selectFrom('programme').select('id').where('id', '=', id).forUpdate().execute();
  }

  async deleteNode(id: string): Promise<void> {
    await this.db.deleteFrom('driver_node').where('id', '=', id).execute();
  }

  async linksOf(nodeId: string): Promise<number> {
    const row = await this.db
      .selectFrom('change_idea_experiment')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('node_id', '=', nodeId)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async link(programmeId: string, nodeId: string, experimentId: string, by: string): Promise<void> {
    await this.db
      .insertInto('change_idea_experiment')
      .values({
        organisation_id: currentOrganisationId,
        programme_id: programmeId,
        node_id: nodeId,
        experiment_id: experimentId,
        linked_by: by,
      })
      .execute();
  }

  async unlink(nodeId: string, experimentId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('change_idea_experiment')
      .where('node_id', '=', nodeId)
      .where('experiment_id', '=', experimentId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** The change idea an experiment tests in a programme, if it is linked there. */
  async linkOf(programmeId: string, experimentId: string) {
    return this.db
      .selectFrom('change_idea_experiment')
      .select('node_id')
      .where('programme_id', '=', programmeId)
      .where('experiment_id', '=', experimentId)
      .executeTakeFirst();
  }

  experiment(id: string) {
    return this.db
      .selectFrom('experiment as e')
      .leftJoin('lesson as l', (join) => sameTenant(join, 'l.experiment_id', 'e.id'))
      .leftJoin('ramp_decision as rd', (join) => sameTenant(join, 'rd.experiment_id', 'e.id'))
      .select(['e.id', 'e.title', 'e.status', 'e.team_id', 'l.id as lesson_id', 'rd.decision'])
      .where('e.id', '=', id)
      .executeTakeFirst();
  }

  async recordDecision(decision: {
    experimentId: string;
    decision: string;
    reason: string;
    followUpId: string | null;
    by: string;
  }): Promise<void> {
    await this.db
      .insertInto('ramp_decision')
      .values({
        organisation_id: currentOrganisationId,
        experiment_id: decision.experimentId,
        decision: decision.decision,
        reason: decision.reason,
        follow_up_experiment_id: decision.followUpId,
        decided_by: decision.by,
      })
      .execute();
  }

  measure(id: string) {
    return this.db
      .selectFrom('measure')
      .select(['id', 'direction', 'archived_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Of `ids`, the active memberships of this organisation. */
  async activeMemberships(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('membership')
      .select('id')
      .where('id', 'in', ids)
      .where('deactivated_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => r.id));
  }
}

function aimValues(aim: AimColumns | null) {
  return {
    aim_statement: aim?.statement ?? null,
    aim_measure_id: aim?.measureId ?? null,
    aim_baseline: aim?.baseline ?? null,
    aim_target: aim?.target ?? null,
    aim_target_date: aim?.targetDate ?? null,
  };
}
