import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  currentOrganisationId,
  dateText,
  Db,
  keysetPage,
  personName,
  rowExists,
  sameTenant,
} from '@kaizen/api/data-access-db';
import { changeMomentsOf, measurePointsOf } from '@kaizen/api/data-access-measures';
import type { PageQueryDto } from '@kaizen/api/util-core';

export type MeasureRow = NonNullable<Awaited<ReturnType<MeasuresRepository['find']>>>;
export type PointRow = Awaited<ReturnType<MeasuresRepository['points']>>[number];
export type RevisionRow = Awaited<ReturnType<MeasuresRepository['revisions']>>['items'][number];
export type LinkRow = Awaited<ReturnType<MeasuresRepository['linksOf']>>[number];
export type ExperimentLinkRow = NonNullable<Awaited<ReturnType<MeasuresRepository['linkOf']>>>;

/** A point's stored values: a value, or a numerator with its denominator. */
export interface PointValues {
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  note: string;
}

export interface RevisionInput extends PointValues {
  id: string;
  measureId: string;
  pointId: string;
  change: 'created' | 'updated' | 'deleted';
  source: 'entry' | 'grid' | 'import';
  changedBy: string;
}

export interface MeasureListFilter {
  q?: string;
  teamId?: string;
  departmentId?: string;
  archived: boolean;
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const CHUNK = 2_000;

@Injectable()
export class MeasuresRepository {
  constructor(private readonly db: Db) {}

  private measures() {
    return this.db
      .selectFrom('measure as m')
      .leftJoin('team as t', (join) => sameTenant(join, 't.id', 'm.team_id'))
      .leftJoin('department as d', (join) => sameTenant(join, 'd.id', 'm.department_id'))
      .select([
        'm.id',
        'm.name',
        'm.unit',
        'm.definition',
        'm.direction',
        'm.kind',
        'm.multiplier',
        'm.owner_type',
        'm.team_id',
        'm.department_id',
        'm.created_by',
        'm.created_at',
        'm.updated_at',
        'm.archived_at',
        'm.version',
      ])
      .select((eb) => [
        eb.fn.coalesce('t.name', 'd.name').as('unit_name'),
        eb
          .selectFrom('measure_point as p')
          .whereRef('p.organisation_id', '=', 'm.organisation_id')
          .whereRef('p.measure_id', '=', 'm.id')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('point_count'),
        eb
          .selectFrom('measure_point as p')
          .whereRef('p.organisation_id', '=', 'm.organisation_id')
          .whereRef('p.measure_id', '=', 'm.id')
          .select(dateText(sql`max(p.period)`).as('last'))
          .as('last_period'),
      ]);
  }

  find(id: string) {
    return this.measures().where('m.id', '=', id).executeTakeFirst();
  }

  /** Newest change first. */
  list(filter: MeasureListFilter, page: PageQueryDto) {
    const measures = this.measures()
      .$if(!filter.archived, (q) => q.where('m.archived_at', 'is', null))
      .$if(filter.teamId !== undefined, (q) => q.where('m.team_id', '=', filter.teamId as string))
      .$if(filter.departmentId !== undefined, (q) =>
        q.where('m.department_id', '=', filter.departmentId as string),
      )
      .$if(filter.q !== undefined, (q) =>
        q.where(
          sql<boolean>`m.name ILIKE '%' || replace(replace(${filter.q}, '%', '\\%'), '_', '\\_') || '%'`,
        ),
      );
    return keysetPage(
      measures,
      { by: 'm.updated_at', id: 'm.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  async create(row: {
    id: string;
    name: string;
    unit: string;
    definition: string;
    direction: string;
    kind: string;
    multiplier: number;
    ownerType: string;
    teamId: string | null;
    departmentId: string | null;
    createdBy: string;
  }): Promise<void> {
    await this.db
      .insertInto('measure')
      .values({
        organisation_id: currentOrganisationId,
        id: row.id,
        name: row.name,
        unit: row.unit,
        definition: row.definition,
        direction: row.direction,
        kind: row.kind,
        multiplier: row.multiplier,
        owner_type: row.ownerType,
        team_id: row.teamId,
        department_id: row.departmentId,
        created_by: row.createdBy,
      })
      .execute();
  }

  /** Writes the fields if the version still matches, and bumps it; false means someone changed it first. */
  async update(
    id: string,
    version: number,
    fields: { name?: string; unit?: string; definition?: string; direction?: string; multiplier?: number },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('measure')
      .set({ ...fields, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async archive(id: string): Promise<void> {
    await this.db
      .updateTable('measure')
      .set({ archived_at: sql<Date>`now()`, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .execute();
  }

  private pointRows() {
    return this.db
      .selectFrom('measure_point as p')
      .select([
        'p.id',
        'p.measure_id',
        'p.value',
        'p.numerator',
        'p.denominator',
        'p.note',
        'p.entered_by',
        'p.entered_at',
      ])
      .select((eb) => personName(this.db, eb, 'p.entered_by').as('entered_by_name'))
      .select(dateText('p.period').as('period'));
  }

  /** Every point with who entered it, by period. */
  points(measureId: string) {
    return this.pointRows().where('p.measure_id', '=', measureId).orderBy('p.period').execute();
  }

  /** The series a chart is computed from (from a period on, when given): the read programmes share. */
  series(measureId: string, from?: string) {
    return measurePointsOf(this.db, [measureId], from);
  }

  /** By period, oldest first. */
  pointPage(measureId: string, page: PageQueryDto) {
    return keysetPage(
      this.pointRows().where('p.measure_id', '=', measureId),
      { by: 'p.period', id: 'p.id', sort: 'date' },
      page,
    );
  }

  point(measureId: string, pointId: string) {
    return this.pointRows()
      .where('p.measure_id', '=', measureId)
      .where('p.id', '=', pointId)
      .executeTakeFirst();
  }

  async storedPeriods(measureId: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('measure_point')
      .select(['id', dateText('period').as('period')])
      .where('measure_id', '=', measureId)
      .execute();
    return new Map(rows.map((r) => [r.period, r.id]));
  }

  /** Adds points, or replaces the values of those whose period the measure already has; says which were new. */
  async upsertPoints(
    measureId: string,
    enteredBy: string,
    points: Array<PointValues & { id: string }>,
  ): Promise<Array<{ id: string; period: string; inserted: boolean }>> {
    const out: Array<{ id: string; period: string; inserted: boolean }> = [];
    for (let i = 0; i < points.length; i += CHUNK) {
      const rows = await this.pointInsert(measureId, enteredBy, points.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['organisation_id', 'measure_id', 'period']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            numerator: eb.ref('excluded.numerator'),
            denominator: eb.ref('excluded.denominator'),
            note: eb.ref('excluded.note'),
            entered_by: eb.ref('excluded.entered_by'),
            entered_at: sql<Date>`now()`,
          })),
        )
        .returning(['id', dateText('period').as('period'), sql<boolean>`xmax = 0`.as('inserted')])
        .execute();
      out.push(...rows);
    }
    return out;
  }

  private pointInsert(measureId: string, enteredBy: string, points: Array<PointValues & { id: string }>) {
    return this.db.insertInto('measure_point').values(
      points.map((p) => ({
        organisation_id: currentOrganisationId,
        id: p.id,
        measure_id: measureId,
        period: p.period,
        value: p.value,
        numerator: p.numerator,
        denominator: p.denominator,
        note: p.note,
        entered_by: enteredBy,
      })),
    );
  }

  /** Inserts new points; a period the measure already has is a unique violation (409 naming period). */
  async insertPoints(
    measureId: string,
    enteredBy: string,
    points: Array<PointValues & { id: string }>,
  ): Promise<void> {
    for (let i = 0; i < points.length; i += CHUNK) {
      await this.pointInsert(measureId, enteredBy, points.slice(i, i + CHUNK)).execute();
    }
  }

  async updatePoint(
    measureId: string,
    pointId: string,
    values: PointValues,
    enteredBy: string,
  ): Promise<void> {
    await this.db
      .updateTable('measure_point')
      .set({ ...values, entered_by: enteredBy, entered_at: sql<Date>`now()` })
      .where('measure_id', '=', measureId)
      .where('id', '=', pointId)
      .execute();
  }

  async deletePoint(measureId: string, pointId: string): Promise<void> {
    await this.db
      .deleteFrom('measure_point')
      .where('measure_id', '=', measureId)
      .where('id', '=', pointId)
      .execute();
  }

  async addRevisions(revisions: RevisionInput[]): Promise<void> {
    for (let i = 0; i < revisions.length; i += CHUNK) {
      await this.db
        .insertInto('measure_point_revision')
        .values(
          revisions.slice(i, i + CHUNK).map((r) => ({
            organisation_id: currentOrganisationId,
            id: r.id,
            measure_id: r.measureId,
            point_id: r.pointId,
            change: r.change,
            source: r.source,
            period: r.period,
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            note: r.note,
            changed_by: r.changedBy,
          })),
        )
        .execute();
    }
  }

  /** Newest first. */
  revisions(measureId: string, page: PageQueryDto) {
    const revisions = this.db
      .selectFrom('measure_point_revision as r')
      .select([
        'r.id',
        'r.point_id',
        'r.change',
        'r.source',
        'r.value',
        'r.numerator',
        'r.denominator',
        'r.note',
        'r.changed_by',
        'r.changed_at',
      ])
      .select((eb) => personName(this.db, eb, 'r.changed_by').as('changed_by_name'))
      .select(dateText('r.period').as('period'))
      .where('r.measure_id', '=', measureId);
    return keysetPage(
      revisions,
      { by: 'r.changed_at', id: 'r.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  /** Bumps the measure's change time, so lists show recently fed measures first. */
  async touch(measureId: string): Promise<void> {
    await this.db
      .updateTable('measure')
      .set({ updated_at: sql<Date>`now()` })
      .where('id', '=', measureId)
      .execute();
  }

  /** The experiments that test a change against this measure. */
  linksOf(measureId: string) {
    return this.links()
      .where('l.measure_id', '=', measureId)
      .orderBy('l.baseline_through')
      .orderBy('l.experiment_id')
      .execute();
  }

  changeMomentsOf(experimentIds: string[]) {
    return changeMomentsOf(this.db, experimentIds);
  }

  linkOf(experimentId: string) {
    return this.links().where('l.experiment_id', '=', experimentId).executeTakeFirst();
  }

  /** Experiment links with their experiment's title, their measure's name and the baseline: the one read of them. */
  private links() {
    return this.db
      .selectFrom('experiment_measure as l')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'l.experiment_id'))
      .innerJoin('measure as m', (join) => sameTenant(join, 'm.id', 'l.measure_id'))
      .select([
        'l.experiment_id',
        'l.measure_id',
        'e.title as experiment_title',
        'm.name as measure_name',
        dateText('l.baseline_from').as('baseline_from'),
        dateText('l.baseline_through').as('baseline_through'),
      ]);
  }

  experimentExists(experimentId: string): Promise<boolean> {
    return rowExists(this.db.selectFrom('experiment').select('id').where('id', '=', experimentId));
  }
}
