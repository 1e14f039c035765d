import { Injectable } from '@nestjs/common';
import type { Actor } from '@kaizen/api/data-access-auth';
import type { SimilarWorkDto, SimilarWorkQueryDto } from './similar-work.dto';
import { SimilarWorkRepository } from './similar-work.repository';

const MIN_DRAFT = 10;

/** "Has this been tried?": earlier experiments and the lessons the person may see, closest to a draft first. */
@Injectable()
export class SimilarWorkService {
  constructor(private readonly similar: SimilarWorkRepository) {}

  async find(actor: Actor, query: SimilarWorkQueryDto): Promise<SimilarWorkDto> {
    const draft = query.text.trim();
    if (draft.length < MIN_DRAFT) return { items: [], nextCursor: null };
    const limit = query.limit ?? 5;
    const exclude = query.excludeExperimentId ?? null;
    const experiments = await this.similar.experiments(draft, limit, exclude);
    const lessons = await this.similar.lessonsFor(
      actor.membershipId,
      actor.role === 'org_admin',
      draft,
      limit,
      exclude,
    );
    const items = [
      ...experiments.map((e) => ({
        kind: 'experiment' as const,
        id: e.id,
        experimentId: e.id,
        title: e.title,
        snippet: e.problem || e.hypothesis_change,
        teamName: e.team_name,
        status: e.status,
        verdict: e.verdict,
        recommendation: null,
        score: round(e.score),
      })),
      ...lessons.map((l) => ({
        kind: 'lesson' as const,
        id: l.id,
        experimentId: l.experiment_id,
        title: l.experiment_title,
        snippet: l.insight,
        teamName: l.team_name,
        status: null,
        verdict: l.verdict,
        recommendation: l.recommendation,
        score: round(l.score),
      })),
    ].sort((a, b) => b.score - a.score);
    return { items, nextCursor: null };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
