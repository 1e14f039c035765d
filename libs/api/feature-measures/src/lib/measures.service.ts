import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { ExperimentsRepository } from '@kaizen/api/data-access-experiments';
import { MeasureLinksRepository } from '@kaizen/api/data-access-measures';
import { OwningUnits } from '@kaizen/api/data-access-organisation';
import {
  CLOCK,
  FieldValidationException,
  mapPage,
  type Page,
  type PageQueryDto,
  type Clock,
  type FieldErrorDto,
} from '@kaizen/api/util-core';
import type { Relation } from '@kaizen/shared/domain-experiment';
import {
  analyseMeasure,
  judgedPlan,
  parsePointsCsv,
  periodRangeOn,
  pointProblems,
  type DataPoint,
  type MeasureKind,
} from '@kaizen/shared/domain-measures';
import type {
  ChartDto,
  ChartQueryDto,
  CreateMeasureDto,
  ExperimentMeasureDto,
  ExperimentMeasureInputDto,
  ExperimentMeasureLinkDto,
  MeasureDto,
  MeasureQueryDto,
  PointDto,
  PointGridDto,
  PointImportDto,
  PointImportResultDto,
  PointInputDto,
  PointRevisionDto,
  UpdateMeasureDto,
  UpdatePointDto,
} from './measure.dto';
import {
  annotationDtos,
  chartDto,
  experimentMeasureDto,
  measureDto,
  pointDto,
  pointValuesOf,
  previewPointDto,
  revisionDto,
  rowProblemDto,
} from './measures.mappers';
import {
  MeasuresRepository,
  type MeasureRow,
  type PointValues,
  type RevisionInput,
} from './measures.repository';

const notFound = () => new NotFoundException('No such measure in this organisation');
const stale = () => new ConflictException('The measure was changed by someone else; reload it and try again');
/** Who may set an experiment's measure: its editors. */
const measureSetters: Relation[] = ['owner', 'participant', 'team_lead', 'org_admin'];

/** Measures, their data points and history, CSV import, the chart, and experiments' baselines. Runs in the request's tenant transaction. */
@Injectable()
export class MeasuresService {
  constructor(
    private readonly measures: MeasuresRepository,
    private readonly links: MeasureLinksRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly units: OwningUnits,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(query: MeasureQueryDto): Promise<Page<MeasureDto>> {
    const page = await this.measures.list(
      {
        q: query.q,
        teamId: query.teamId,
        departmentId: query.departmentId,
        archived: query.archived ?? false,
      },
      query,
    );
    return mapPage(page, measureDto);
  }

  async create(actor: Actor, dto: CreateMeasureDto): Promise<MeasureDto> {
    const problems = await this.units.refusals('measure', dto);
    if (problems.length > 0) throw new FieldValidationException(problems);
    const id = uuidv7();
    await this.measures.create({
      id,
      name: dto.name,
      unit: dto.unit ?? '',
      definition: dto.definition ?? '',
      direction: dto.direction,
      kind: dto.kind,
      multiplier: dto.multiplier ?? 1,
      ownerType: dto.unitType,
      teamId: dto.unitType === 'team' ? (dto.teamId ?? null) : null,
      departmentId: dto.unitType === 'department' ? (dto.departmentId ?? null) : null,
      createdBy: actor.membershipId,
    });
    return this.detail(id);
  }

  async detail(id: string): Promise<MeasureDto> {
    return measureDto(await this.load(id));
  }

  async update(id: string, dto: UpdateMeasureDto): Promise<MeasureDto> {
    const row = await this.load(id);
    if (row.archived_at) throw archived();
    const { version, ...fields } = dto;
    if (!(await this.measures.update(id, version, fields))) throw stale();
    return this.detail(id);
  }

  async archive(id: string): Promise<void> {
    await this.load(id);
    await this.measures.archive(id);
  }

  async points(id: string, page: PageQueryDto): Promise<Page<PointDto>> {
    await this.load(id);
    return mapPage(await this.measures.pointPage(id, page), pointDto);
  }

  async point(id: string, pointId: string): Promise<PointDto> {
    await this.load(id);
    return pointDto(await this.loadPoint(id, pointId));
  }

  async revisions(id: string, page: PageQueryDto): Promise<Page<PointRevisionDto>> {
    await this.load(id);
    return mapPage(await this.measures.revisions(id, page), revisionDto);
  }

  async addPoint(actor: Actor, id: string, dto: PointInputDto): Promise<PointDto> {
    const measure = await this.writable(id);
    const values = this.checked(measure.kind as MeasureKind, dto, '');
    const pointId = uuidv7();
    await this.measures.insertPoints(id, actor.membershipId, [{ id: pointId, ...values }]);
    await this.measures.addRevisions([revision(actor, id, pointId, 'created', 'entry', values)]);
    await this.measures.touch(id);
    return pointDto(await this.loadPoint(id, pointId));
  }

  /** Many points at once, as a grid sends them: new periods are added, periods the measure has get the new values. */
  async putGrid(actor: Actor, id: string, dto: PointGridDto): Promise<PointDto[]> {
    const measure = await this.writable(id);
    const kind = measure.kind as MeasureKind;
    const problems: FieldErrorDto[] = [];
    const seen = new Map<string, number>();
    const rows: Array<PointValues & { id: string }> = [];
    dto.points.forEach((point, i) => {
      try {
        rows.push({ id: uuidv7(), ...this.checked(kind, point, `points.${i}.`) });
      } catch (error) {
        if (error instanceof FieldValidationException) problems.push(...error.errors);
        else throw error;
      }
      const earlier = seen.get(point.period);
      if (earlier !== undefined)
        problems.push({
          field: `points.${i}.period`,
          rule: 'duplicate',
          message: `points.${i}.period repeats points.${earlier}.period`,
        });
      else seen.set(point.period, i);
    });
    if (problems.length > 0) throw new FieldValidationException(problems);
    const stored = await this.measures.upsertPoints(id, actor.membershipId, rows);
    const byPeriod = new Map(rows.map((r) => [r.period, r]));
    await this.measures.addRevisions(
      stored.map((s) =>
        revision(
          actor,
          id,
          s.id,
          s.inserted ? 'created' : 'updated',
          'grid',
          byPeriod.get(s.period) as PointValues,
        ),
      ),
    );
    await this.measures.touch(id);
    return (await this.measures.points(id)).map(pointDto);
  }

  async editPoint(actor: Actor, id: string, pointId: string, dto: UpdatePointDto): Promise<PointDto> {
    const measure = await this.writable(id);
    const current = pointValuesOf(await this.loadPoint(id, pointId));
    const values = this.checked(measure.kind as MeasureKind, { ...current, ...dto }, '');
    // Moving it onto a period the measure has is a unique violation: 409 naming period.
    await this.measures.updatePoint(id, pointId, values, actor.membershipId);
    await this.measures.addRevisions([revision(actor, id, pointId, 'updated', 'entry', values)]);
    await this.measures.touch(id);
    return pointDto(await this.loadPoint(id, pointId));
  }

  async deletePoint(actor: Actor, id: string, pointId: string): Promise<void> {
    await this.writable(id);
    const current = pointValuesOf(await this.loadPoint(id, pointId));
    await this.measures.deletePoint(id, pointId);
    await this.measures.addRevisions([revision(actor, id, pointId, 'deleted', 'entry', current)]);
    await this.measures.touch(id);
  }

  /**
   * A CSV of points: a dry run answers the preview (rows and every problem); an import with any problem is refused as
   * a whole with a 400 naming each row and column, so nothing is half-imported.
   */
  async importCsv(actor: Actor, id: string, dto: PointImportDto): Promise<PointImportResultDto> {
    const measure = await this.writable(id);
    const stored = await this.measures.storedPeriods(id);
    const parsed = parsePointsCsv(
      dto.csv,
      measure.kind as MeasureKind,
      periodRangeOn(this.clock.now()),
      new Set(stored.keys()),
    );
    const result = {
      points: parsed.points.map(previewPointDto),
      problems: parsed.problems.map(rowProblemDto),
    };
    if (dto.dryRun) return { dryRun: true, imported: 0, ...result };
    if (parsed.problems.length > 0) {
      throw new FieldValidationException(
        parsed.problems.map((p) =>
          Object.assign(
            { field: `csv.${p.row}.${p.column || 'row'}`, rule: p.rule, message: p.message },
            { row: p.row, column: p.column },
          ),
        ),
      );
    }
    const rows = parsed.points.map((p) => ({
      id: uuidv7(),
      ...storedValues(measure.kind as MeasureKind, p),
    }));
    await this.measures.insertPoints(id, actor.membershipId, rows);
    await this.measures.addRevisions(rows.map((r) => revision(actor, id, r.id, 'created', 'import', r)));
    await this.measures.touch(id);
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'measure.points_imported',
      actorUserId: actor.userId,
      targetId: id,
      details: {
        rows: rows.length,
        firstPeriod: rows.map((r) => r.period).sort()[0] ?? null,
        lastPeriod:
          rows
            .map((r) => r.period)
            .sort()
            .at(-1) ?? null,
      },
    });
    return { dryRun: false, imported: rows.length, ...result };
  }

  /**
   * The series and its analysis. Limits come from the judged experiment's baseline (the one named, or the only one
   * linked) and stay frozen after it; `phase` periods start new phases. Every linked experiment is an annotation.
   */
  async chart(id: string, query: ChartQueryDto): Promise<ChartDto> {
    const measure = await this.load(id);
    const links = await this.measures.linksOf(id);
    const moments = await this.measures.changeMomentsOf(links.map((l) => l.experiment_id));
    const judged = query.experimentId
      ? links.find((l) => l.experiment_id === query.experimentId)
      : links.length === 1
        ? links[0]
        : undefined;
    if (query.experimentId && !judged) {
      throw new FieldValidationException([
        {
          field: 'experimentId',
          rule: 'linked',
          message: 'experimentId names no experiment linked to this measure',
        },
      ]);
    }
    const recalculations = [...new Set(query.phase ?? [])].sort();
    const phasePlan = judgedPlan(
      judged ? { from: judged.baseline_from, through: judged.baseline_through } : null,
      judged ? moments.filter((m) => m.experiment_id === judged.experiment_id).map((m) => m.period) : [],
      recalculations,
    );
    const points: DataPoint[] = await this.measures.series(id, query.from);
    const analysis = analyseMeasure(
      {
        name: measure.name,
        unit: measure.unit,
        direction: measure.direction as MeasureDto['direction'],
        kind: measure.kind as MeasureKind,
        multiplier: measure.multiplier,
      },
      points,
      phasePlan,
      { laney: query.laney ?? false },
    );
    return chartDto(
      measureDto(measure),
      analysis,
      {
        experimentId: judged?.experiment_id ?? null,
        baseline: judged ? { from: judged.baseline_from, through: judged.baseline_through } : null,
        phasePlan,
        recalculations,
      },
      annotationDtos(links, moments),
    );
  }

  /** The experiment's link to its measure; null while it has none, which is a state, not an error. */
  async experimentMeasure(experimentId: string): Promise<ExperimentMeasureLinkDto> {
    const link = await this.linkOf(experimentId);
    if (!link && !(await this.measures.experimentExists(experimentId)))
      throw new NotFoundException('No such experiment in this organisation');
    return { link };
  }

  /** Links an experiment to its measure, with the baseline it is judged against and its change moments. Its editors may. */
  async linkExperiment(
    actor: Actor,
    experimentId: string,
    dto: ExperimentMeasureInputDto,
  ): Promise<ExperimentMeasureDto> {
    const held = await this.experiments.relationsTo(
      experimentId,
      actor.membershipId,
      actor.role === 'org_admin',
    );
    if (!held) throw new NotFoundException('No such experiment in this organisation');
    if (!held.some((relation) => measureSetters.includes(relation))) {
      throw new ForbiddenException(`Only ${measureSetters.join(', ')} may set the experiment's measure`);
    }
    const problems = await this.links.refusals(dto);
    const seen = new Set<string>();
    dto.changes.forEach((change, i) => {
      if (change.period <= dto.baseline.through) {
        problems.push({
          field: `changes.${i}.period`,
          rule: 'afterBaseline',
          message: `changes.${i}.period must be after baseline.through`,
        });
      }
      if (seen.has(change.period))
        problems.push({
          field: `changes.${i}.period`,
          rule: 'duplicate',
          message: `changes.${i}.period appears twice`,
        });
      seen.add(change.period);
    });
    if (problems.length > 0) throw new FieldValidationException(problems);
    await this.links.link(experimentId, dto, dto.changes, actor.membershipId);
    const link = await this.linkOf(experimentId);
    if (!link) throw new Error(`The measure link of experiment ${experimentId} was written but is not there`);
    return link;
  }

  /** The experiment's link with its change moments, or null while it has none. */
  private async linkOf(experimentId: string): Promise<ExperimentMeasureDto | null> {
    const link = await this.measures.linkOf(experimentId);
    return link ? experimentMeasureDto(link, await this.measures.changeMomentsOf([experimentId])) : null;
  }

  private async load(id: string): Promise<MeasureRow> {
    const row = await this.measures.find(id);
    if (!row) throw notFound();
    return row;
  }

  private async writable(id: string): Promise<MeasureRow> {
    const row = await this.load(id);
    if (row.archived_at) throw archived();
    return row;
  }

  private async loadPoint(id: string, pointId: string) {
    const point = await this.measures.point(id, pointId);
    if (!point) throw new NotFoundException('No such point on this measure');
    return point;
  }

  /** The point's values as stored, or a 400 naming each field (under `prefix`) and the rule it breaks. */
  private checked(kind: MeasureKind, point: DataPoint & { note?: string }, prefix: string): PointValues {
    const problems: FieldErrorDto[] = pointProblems(kind, point, periodRangeOn(this.clock.now())).map(
      (p) => ({
        field: `${prefix}${p.field}`,
        rule: p.rule,
        message: `${prefix}${p.message}`,
      }),
    );
    const foreign = kind === 'value' ? (['numerator', 'denominator'] as const) : (['value'] as const);
    for (const field of foreign) {
      if (point[field] !== undefined && point[field] !== null) {
        problems.push({
          field: `${prefix}${field}`,
          rule: 'notForKind',
          message: `${prefix}${field} is not used by a ${kind} measure`,
        });
      }
    }
    if (problems.length > 0) throw new FieldValidationException(problems);
    return storedValues(kind, point);
  }
}

function storedValues(kind: MeasureKind, point: DataPoint & { note?: string | null }): PointValues {
  return kind === 'value'
    ? {
        period: point.period,
        value: point.value ?? null,
        numerator: null,
        denominator: null,
        note: point.note ?? '',
      }
    : {
        period: point.period,
        value: null,
        numerator: point.numerator ?? null,
        denominator: point.denominator ?? null,
        note: point.note ?? '',
      };
}

function revision(
  actor: Actor,
  measureId: string,
  pointId: string,
  change: RevisionInput['change'],
  source: RevisionInput['source'],
  values: PointValues,
): RevisionInput {
  return { id: uuidv7(), measureId, pointId, change, source, changedBy: actor.membershipId, ...values };
}

const archived = () => new ConflictException('The measure is archived; its data can no longer change');
