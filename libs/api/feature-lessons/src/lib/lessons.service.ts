import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import {
  ExperimentEvents,
  ExperimentsRepository,
  LessonsRepository,
  type ExperimentDto,
} from '@kaizen/api/data-access-experiments';
import { FieldValidationException, mapPage, PAGE_LIMIT_MAX, type Page } from '@kaizen/api/util-core';
import { EXPERIMENT_STARTER, type ExperimentStarter } from './experiment-starter';
import type { LessonDto, LessonQueryDto } from './lesson.dto';
import { LessonLibraryRepository } from './lesson-library.repository';
import { lessonDto, lessonsCsv } from './lessons.mappers';

const notFound = () => new NotFoundException('No such lesson that you can see');

/** The lessons library: search, filters, and adoption by other teams. Visibility applies to every read. */
@Injectable()
export class LessonsService {
  constructor(
    private readonly library: LessonLibraryRepository,
    private readonly lessons: LessonsRepository,
    private readonly experimentsRepository: ExperimentsRepository,
    @Inject(EXPERIMENT_STARTER) private readonly experiments: ExperimentStarter,
    private readonly events: ExperimentEvents,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor, query: LessonQueryDto): Promise<Page<LessonDto>> {
    const page = await this.library.listVisible(
      actor.membershipId,
      actor.role === 'org_admin',
      {
        q: query.q?.trim() || undefined,
        tag: query.tag,
        discipline: query.discipline,
        teamId: query.teamId,
        verdict: query.verdict,
        recommendation: query.recommendation,
      },
      query,
    );
    return mapPage(page, lessonDto);
  }

  async get(actor: Actor, id: string): Promise<LessonDto> {
    const row = await this.lessons.findVisible(id, actor.membershipId, actor.role === 'org_admin');
    if (!row) throw notFound();
    return lessonDto(row);
  }

  /** Another team takes the lesson up: a follow-up experiment in that team, building on it. */
  async adopt(actor: Actor, id: string, teamId: string): Promise<ExperimentDto> {
    const lesson = await this.get(actor, id);
    if (!(await this.experimentsRepository.activeTeam(teamId))) {
      throw new FieldValidationException([
        { field: 'teamId', rule: 'exists', message: 'teamId names no active team here' },
      ]);
    }
    if (lesson.teamId === teamId)
      throw new ConflictException('A team builds on its own lessons with a new experiment, not an adoption');
    if (actor.role !== 'org_admin' && !(await this.library.inTeam(actor.membershipId, teamId))) {
      throw new ForbiddenException(
        'Only people in the adopting team, or an admin, may adopt a lesson for it',
      );
    }
    if (await this.library.adopted(id, teamId))
      throw new ConflictException('This team already adopted this lesson');
    const experiment = await this.experiments.start(actor, {
      title: `Adopting: ${lesson.experimentTitle}`.slice(0, 200),
      teamId,
      buildsOnLessonId: id,
      problem: `Building on a lesson from ${lesson.teamName}: ${lesson.insight}`.slice(0, 4_000),
      disciplines: lesson.disciplines,
      tags: lesson.tags,
    });
    await this.library.recordAdoption({
      id: uuidv7(),
      lessonId: id,
      teamId,
      experimentId: experiment.id,
      adoptedBy: actor.membershipId,
    });
    // Knowledge spreading counts for the team whose lesson it was.
    await this.events.record(actor, {
      experimentId: lesson.experimentId,
      type: 'adopted',
      changes: { adoptedBy: { before: null, after: { teamId, experimentId: experiment.id } } },
    });
    return experiment;
  }

  async exportCsv(actor: Actor): Promise<string> {
    const rows: LessonDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(actor, { limit: PAGE_LIMIT_MAX, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await this.audit.record({ action: 'lessons.exported', details: { rows: rows.length } });
    return lessonsCsv(rows);
  }
}
