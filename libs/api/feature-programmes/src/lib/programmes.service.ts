import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@kaizen/api/data-access-auth';
import { OwningUnits } from '@kaizen/api/data-access-organisation';
import {
  CLOCK,
  FieldValidationException,
  mapPage,
  PAGE_LIMIT_MAX,
  type Clock,
  type FieldErrorDto,
} from '@kaizen/api/util-core';
import type { Direction } from '@kaizen/shared/domain-measures';
import {
  aimProblems,
  bandCounts,
  followUpProblems,
  isTreeProblem,
  overrideProblems,
  placementProblem,
  removalProblem,
  siblingOrders,
  type NodeKind,
  type ProgrammeInReview,
  type ReviewPeriod,
  type ReviewUnit,
  type TreeProblem,
} from '@kaizen/shared/domain-programmes';
import type { Status } from '@kaizen/shared/domain-experiment';
import type {
  AimDto,
  BandsQueryDto,
  CreateNodeDto,
  CreateProgrammeDto,
  DriverNodeDto,
  FollowUpDto,
  FollowUpResultDto,
  OverrideDto,
  PortfolioExportQueryDto,
  ProgrammeDto,
  ProgrammeListQueryDto,
  ProgrammePageDto,
  ProgrammeSummaryDto,
  ProgressBandsDto,
  UpdateNodeDto,
  UpdateProgrammeDto,
} from './programme.dto';
import { CYCLE_STARTER, type CycleStarter } from './cycle-starter';
import { portfolioCsv, programmeDto, reviewEntryOf, summaryDto, type Related } from './programmes.mappers';
import { ProgrammesRepository, type ProgrammeListFilter, type ProgrammeRow } from './programmes.repository';

const notFound = () => new NotFoundException('No such programme in this organisation');
const nodeNotFound = () => new NotFoundException('No such node in this programme');
const stale = () =>
  new ConflictException('The programme was changed by someone else; reload it and try again');
const DEFAULT_STALLED_WEEKS = 6;
const EXPORT_PAGE = PAGE_LIMIT_MAX;

/** A tree or ramp rule's refusal: 400 for a wrong request, 409 for a clash with what is there, naming field and rule. */
function refusal(problem: TreeProblem): HttpException {
  const { kind, ...error } = problem;
  return new HttpException(
    { message: error.message, errors: [error] },
    kind === 'conflict' ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
  );
}

/** Programmes: aim, team, driver diagram, tests of change ideas, PDSA ramps and the derived progress score. */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly programmes: ProgrammesRepository,
    private readonly units: OwningUnits,
    @Inject(CYCLE_STARTER) private readonly cycles: CycleStarter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(query: ProgrammeListQueryDto): Promise<ProgrammePageDto> {
    const stalledBefore = this.stalledBefore(query.stalledWeeks);
    const page = await this.programmes.list(
      { departmentId: query.departmentId, stalledBefore: query.stalledOnly ? stalledBefore : undefined },
      query,
    );
    const related = await this.related(page.items);
    const now = this.clock.now();
    return mapPage(page, (row) => summaryDto(row, related, now, stalledBefore));
  }

  async exportPortfolio(query: PortfolioExportQueryDto): Promise<string> {
    const items: ProgrammeSummaryDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...query, limit: EXPORT_PAGE, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return portfolioCsv(items);
  }

  /** Active programmes per progress band, for the organisation's (or a department's) dashboard. */
  async bands(query: BandsQueryDto): Promise<ProgressBandsDto> {
    const rows = await this.all({ departmentId: query.departmentId });
    const related = await this.related(rows);
    const now = this.clock.now();
    const stalledBefore = this.stalledBefore();
    const summaries = rows.map((row) => summaryDto(row, related, now, stalledBefore));
    return {
      total: summaries.length,
      stalled: summaries.filter((s) => s.stalled).length,
      bands: bandCounts(
        summaries.map((s) => ({ score: s.progress.score, overridden: s.progress.override !== null })),
      ),
    };
  }

  /**
   * The active programmes a review of `unit` shows, by title: a team's own, a department's with those of its teams and
   * sub-departments, all of the organisation's; each with its score at the period's start and end.
   */
  async inUnit(unit: ReviewUnit, period: ReviewPeriod): Promise<ProgrammeInReview[]> {
    const filter: ProgrammeListFilter =
      unit.type === 'team'
        ? { teamId: unit.id as string }
        : unit.type === 'department'
          ? { departmentId: unit.id as string }
          : unit.type === 'programme'
            ? { id: unit.id as string }
            : {};
    const rows = (await this.all(filter)).sort(
      (a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
    );
    const related = await this.related(rows);
    const now = this.clock.now();
    const stalledBefore = this.stalledBefore();
    return rows.map((row) => reviewEntryOf(row, related, period, now, stalledBefore));
  }

  async create(actor: Actor, dto: CreateProgrammeDto): Promise<ProgrammeDto> {
    const problems = await this.units.refusals('programme', dto);
    problems.push(...(await this.aimChecks(dto.aim)), ...(await this.memberChecks(dto.memberIds)));
    if (problems.length > 0) throw new FieldValidationException(problems);
    const id = uuidv7();
    await this.programmes.create({
      id,
      title: dto.title,
      ownerId: actor.membershipId,
      unitType: dto.unitType,
      teamId: dto.unitType === 'team' ? (dto.teamId ?? null) : null,
      departmentId: dto.unitType === 'department' ? (dto.departmentId ?? null) : null,
      aim: dto.aim ?? null,
    });
    await this.programmes.setMembers(
      id,
      (dto.memberIds ?? []).filter((m) => m !== actor.membershipId),
    );
    return this.detail(id);
  }

  async detail(id: string): Promise<ProgrammeDto> {
    const row = await this.load(id);
    return programmeDto(row, await this.related([row]), this.clock.now(), this.stalledBefore());
  }

  async update(actor: Actor, id: string, dto: UpdateProgrammeDto): Promise<ProgrammeDto> {
    const row = await this.writable(actor, id);
    const problems = [...(await this.aimChecks(dto.aim)), ...(await this.memberChecks(dto.memberIds))];
    if (problems.length > 0) throw new FieldValidationException(problems);
    if (!(await this.programmes.update(id, dto.version, { title: dto.title, aim: dto.aim }))) throw stale();
    if (dto.memberIds)
      await this.programmes.setMembers(
        id,
        dto.memberIds.filter((m) => m !== row.owner_membership_id),
      );
    return this.detail(id);
  }

  async archive(actor: Actor, id: string): Promise<void> {
    await this.writable(actor, id);
    await this.programmes.archive(id);
  }

  /** Only the programme's lead (its owner) or an admin overrides the derived score, and always says why. */
  async override(actor: Actor, id: string, dto: OverrideDto): Promise<ProgrammeDto> {
    const row = await this.writable(actor, id);
    this.mayOverride(actor, row);
    const problems = overrideProblems(dto);
    if (problems.length > 0) throw new FieldValidationException(problems);
    await this.programmes.setOverride(id, {
      score: dto.score,
      reason: dto.reason.trim(),
      by: actor.membershipId,
    });
    return this.detail(id);
  }

  async clearOverride(actor: Actor, id: string): Promise<ProgrammeDto> {
    const row = await this.writable(actor, id);
    this.mayOverride(actor, row);
    await this.programmes.setOverride(id, null);
    return this.detail(id);
  }

  async addNode(actor: Actor, id: string, dto: CreateNodeDto): Promise<DriverNodeDto> {
    await this.writable(actor, id);
    const tree = await this.tree(id);
    const problem = placementProblem(tree, { kind: dto.kind }, dto.parentId);
    if (problem) throw refusal(problem);
    if (dto.measureId) await this.measureChecked(dto.measureId, 'measureId');
    const nodeId = uuidv7();
    await this.programmes.insertNode({
      id: nodeId,
      programmeId: id,
      kind: dto.kind,
      parentId: dto.parentId,
      title: dto.title,
      measureId: dto.measureId ?? null,
    });
    await this.programmes.touch(id);
    return this.node(id, nodeId);
  }

  async updateNode(actor: Actor, id: string, nodeId: string, dto: UpdateNodeDto): Promise<DriverNodeDto> {
    await this.writable(actor, id);
    const tree = await this.tree(id);
    const node = tree.find((n) => n.id === nodeId);
    if (!node) throw nodeNotFound();
    const parentId = dto.parentId === undefined ? node.parentId : dto.parentId;
    if (dto.parentId !== undefined) {
      const problem = placementProblem(tree, node, dto.parentId);
      if (problem) throw refusal(problem);
    }
    const orders =
      dto.parentId !== undefined || dto.position !== undefined
        ? siblingOrders(tree, nodeId, parentId, dto.position)
        : null;
    if (orders && isTreeProblem(orders)) throw refusal(orders);
    await this.programmes.updateNode(nodeId, { parentId: dto.parentId, title: dto.title });
    if (orders) {
      await this.programmes.orderSiblings(orders.siblings);
      if (orders.formerSiblings) await this.programmes.orderSiblings(orders.formerSiblings);
    }
    await this.programmes.touch(id);
    return this.node(id, nodeId);
  }

  async deleteNode(actor: Actor, id: string, nodeId: string): Promise<void> {
    await this.writable(actor, id);
    const tree = await this.tree(id);
    if (!tree.some((n) => n.id === nodeId)) throw nodeNotFound();
    const problem = removalProblem(tree, nodeId, await this.programmes.linksOf(nodeId));
    if (problem) throw refusal(problem);
    await this.programmes.deleteNode(nodeId);
    const node = tree.find((n) => n.id === nodeId) as (typeof tree)[number];
    await this.programmes.orderSiblings(
      tree.filter((n) => n.parentId === node.parentId && n.id !== nodeId).map((n) => n.id),
    );
    await this.programmes.touch(id);
  }

  /** A change idea is tested by an experiment of this organisation; another organisation's is not found. */
  async link(actor: Actor, id: string, nodeId: string, experimentId: string): Promise<DriverNodeDto> {
    await this.writable(actor, id);
    await this.changeIdea(id, nodeId);
    if (!(await this.programmes.experiment(experimentId)))
      throw new NotFoundException('No such experiment in this organisation');
    if (await this.programmes.linkOf(id, experimentId)) {
      throw refusal({
        kind: 'conflict',
        field: 'experimentId',
        rule: 'oneIdeaPerProgramme',
        message: 'experimentId already tests a change idea of this programme',
      });
    }
    await this.programmes.link(id, nodeId, experimentId, actor.membershipId);
    await this.programmes.touch(id);
    return this.node(id, nodeId);
  }

  async unlink(actor: Actor, id: string, nodeId: string, experimentId: string): Promise<void> {
    await this.writable(actor, id);
    await this.changeIdea(id, nodeId);
    if (!(await this.programmes.unlink(nodeId, experimentId)))
      throw new NotFoundException('This experiment does not test this change idea');
    await this.programmes.touch(id);
  }

  /**
   * After a finished cycle: adopt or adapt starts the next cycle of the ramp, building on the cycle's lesson (in
   * another team, through the lessons library's adoption, as adopting any lesson does); abandon ends the ramp.
   * The next cycle tests the same change idea.
   */
  async followUp(actor: Actor, id: string, dto: FollowUpDto): Promise<FollowUpResultDto> {
    await this.writable(actor, id);
    const link = await this.programmes.linkOf(id, dto.fromExperimentId);
    const cycle = await this.programmes.experiment(dto.fromExperimentId);
    if (!link || !cycle) {
      throw new FieldValidationException([
        {
          field: 'fromExperimentId',
          rule: 'testsChangeIdea',
          message: 'fromExperimentId names no experiment that tests a change idea of this programme',
        },
      ]);
    }
    const problems = followUpProblems({
      status: cycle.status as Status,
      decision: cycle.decision as FollowUpDto['decision'] | null,
      hasLesson: cycle.lesson_id !== null,
    });
    if (problems.length > 0) throw refusal(problems[0]);
    if (dto.decision === 'abandon' && dto.teamId !== undefined) {
      throw new FieldValidationException([
        {
          field: 'teamId',
          rule: 'notForAbandon',
          message: 'teamId is only for adopt or adapt: abandon starts no cycle',
        },
      ]);
    }
    let followUpId: string | null = null;
    if (dto.decision !== 'abandon') {
      const lessonId = cycle.lesson_id as string;
      const teamId = dto.teamId ?? cycle.team_id;
      const next =
        teamId === cycle.team_id
          ? await this.cycles.start(actor, {
              title: `${dto.decision === 'adapt' ? 'Adapted' : 'Next cycle'}: ${cycle.title}`.slice(0, 200),
              teamId,
              buildsOnLessonId: lessonId,
            })
          : await this.cycles.adopt(actor, lessonId, teamId);
      followUpId = next.id;
      await this.programmes.link(id, link.node_id, next.id, actor.membershipId);
    }
    await this.programmes.recordDecision({
      experimentId: cycle.id,
      decision: dto.decision,
      reason: dto.reason?.trim() ?? '',
      followUpId,
      by: actor.membershipId,
    });
    await this.programmes.touch(id);
    return { fromExperimentId: cycle.id, decision: dto.decision, followUpExperimentId: followUpId };
  }

  /** Every active programme the filter selects, page by page. */
  private async all(filter: ProgrammeListFilter): Promise<ProgrammeRow[]> {
    const rows: ProgrammeRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.programmes.list(filter, { limit: EXPORT_PAGE, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return rows;
  }

  private stalledBefore(weeks = DEFAULT_STALLED_WEEKS): string {
    return new Date(this.clock.now().getTime() - weeks * 7 * 86_400_000).toISOString();
  }

  private async related(rows: ProgrammeRow[]): Promise<Related> {
    const ids = rows.map((r) => r.id);
    // One after the other: a transaction's queries share one connection.
    const members = await this.programmes.members(ids);
    const nodes = await this.programmes.nodes(ids);
    const tests = await this.programmes.tests(ids);
    const measureIds = [...new Set(rows.map((r) => r.aim_measure_id).filter((m): m is string => m !== null))];
    const points = await this.programmes.aimPoints(measureIds);
    const changeMoments = await this.programmes.changeMoments(tests.map((t) => t.experiment_id));
    return { members, nodes, tests, points, changeMoments };
  }

  private async load(id: string): Promise<ProgrammeRow> {
    const row = await this.programmes.find(id);
    if (!row) throw notFound();
    return row;
  }

  /** The owner, the team and admins change a programme; an archived one is read-only. */
  private async writable(actor: Actor, id: string): Promise<ProgrammeRow> {
    const row = await this.load(id);
    const team = await this.programmes.members([id]);
    if (
      actor.role !== 'org_admin' &&
      row.owner_membership_id !== actor.membershipId &&
      !team.some((m) => m.membership_id === actor.membershipId)
    ) {
      throw new ForbiddenException("Only the programme's owner, its team or an admin may change it");
    }
    if (row.archived_at) throw new ConflictException('The programme is archived');
    return row;
  }

  private mayOverride(actor: Actor, row: ProgrammeRow): void {
    if (actor.role !== 'org_admin' && row.owner_membership_id !== actor.membershipId)
      throw new ForbiddenException("Only the programme's lead or an admin may override its score");
  }

  /** The tree in sibling order, read under the programme's lock so concurrent edits of it queue. */
  private async tree(id: string) {
    await this.programmes.lock(id);
    return (await this.programmes.nodes([id])).map((n) => ({
      id: n.id,
      kind: n.kind as NodeKind,
      parentId: n.parent_id,
    }));
  }

  async node(id: string, nodeId: string): Promise<DriverNodeDto> {
    const node = (await this.detail(id)).nodes.find((n) => n.id === nodeId);
    if (!node) throw nodeNotFound();
    return node;
  }

  private async changeIdea(id: string, nodeId: string): Promise<void> {
    const node = (await this.tree(id)).find((n) => n.id === nodeId);
    if (!node) throw nodeNotFound();
    if (node.kind !== 'change-idea') {
      throw new FieldValidationException([
        { field: 'nodeId', rule: 'isChangeIdea', message: 'Experiments test change ideas, not drivers' },
      ]);
    }
  }

  private async aimChecks(aim: AimDto | undefined): Promise<FieldErrorDto[]> {
    if (!aim) return [];
    const measure = await this.programmes.measure(aim.measureId);
    if (!measure || measure.archived_at)
      return [
        { field: 'aim.measureId', rule: 'exists', message: 'aim.measureId names no active measure here' },
      ];
    return aimProblems(aim, measure.direction as Direction);
  }

  private async measureChecked(measureId: string, field: string): Promise<void> {
    const measure = await this.programmes.measure(measureId);
    if (!measure || measure.archived_at)
      throw new FieldValidationException([
        { field, rule: 'exists', message: `${field} names no active measure here` },
      ]);
  }

  private async memberChecks(memberIds: string[] | undefined): Promise<FieldErrorDto[]> {
    if (!memberIds || memberIds.length === 0) return [];
    const active = await this.programmes.activeMemberships(memberIds);
    return memberIds
      .map((m, i) =>
        active.has(m)
          ? null
          : {
              field: `memberIds.${i}`,
              rule: 'exists',
              message: `memberIds.${i} names no active member here`,
            },
      )
      .filter((p): p is FieldErrorDto => p !== null);
  }
}
