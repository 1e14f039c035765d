import { toCsv } from '@kaizen/api/util-core';
import type { ChangeMomentRow } from '@kaizen/api/data-access-measures';
import type { Status, Verdict } from '@kaizen/shared/domain-experiment';
import type { Direction, MeasureKind } from '@kaizen/shared/domain-measures';
import {
  bandOf,
  deriveProgress,
  outlineOrder,
  ramps,
  stalledChangeIdeas,
  testsInPeriod,
  type NodeKind,
  type ProgrammeInReview,
  type ReviewPeriod,
  type ProgrammeUnitType,
  type ProgressEvidence,
  type RampDecision,
} from '@kaizen/shared/domain-programmes';
import type {
  DriverNodeDto,
  ProgrammeDto,
  ProgrammeSummaryDto,
  ProgressDto,
  ProgrammeTestDto,
} from './programme.dto';
import type { AimPointRow, MemberRow, NodeRow, ProgrammeRow, TestRow } from './programmes.repository';

/** How far back the trend looks. */
export const TREND_DAYS = 28;

/** What the repository returns about a page of programmes, read once for all of them. */
export interface Related {
  members: MemberRow[];
  nodes: NodeRow[];
  tests: TestRow[];
  points: AimPointRow[];
  changeMoments: ChangeMomentRow[];
}

const iso = (at: Date | string | null): string | null =>
  at === null ? null : at instanceof Date ? at.toISOString() : new Date(at).toISOString();

/** The evidence the score is derived from, gathered from the programme's rows. */
export function evidenceOf(row: ProgrammeRow, related: Related): ProgressEvidence {
  const tests = related.tests.filter((t) => t.programme_id === row.id);
  const aimMeasure =
    row.aim_measure_id && row.measure_direction
      ? {
          measure: {
            name: row.measure_name ?? '',
            unit: row.measure_unit ?? '',
            direction: row.measure_direction as Direction,
            kind: row.measure_kind as MeasureKind,
            multiplier: row.measure_multiplier ?? 1,
          },
          points: related.points.filter((p) => p.measure_id === row.aim_measure_id),
          target: row.aim_target as number,
          firstChange: firstChangeOf(row.aim_measure_id, tests, related.changeMoments),
        }
      : null;
  // A unit the change reached by adoption: a cycle in another team than the one whose lesson it builds on.
  const spread = new Map<string, string>();
  for (const t of tests) {
    if (!t.adopted || !t.previous_team_id || t.previous_team_id === t.team_id) continue;
    const at = iso(t.created_at) as string;
    if (!spread.has(t.team_id) || at < (spread.get(t.team_id) as string)) spread.set(t.team_id, at);
  }
  return {
    hasAim: row.aim_statement !== null,
    teamSize:
      1 +
      related.members.filter((m) => m.programme_id === row.id && m.membership_id !== row.owner_membership_id)
        .length,
    changeIdeas: related.nodes.filter((n) => n.programme_id === row.id && n.kind === 'change-idea').length,
    tests: tests.map((t) => ({
      status: t.status as Status,
      verdict: t.verdict as Verdict | null,
      startedAt: iso(t.started_at),
      finishedAt: iso(t.finished_at),
    })),
    aimMeasure,
    spreadAt: [...spread.values()],
  };
}

/** The first change on the aim's measure: a linked cycle's change moment on it, else the first cycle's start. */
function firstChangeOf(measureId: string, tests: TestRow[], moments: ChangeMomentRow[]): string | null {
  const linked = new Set(tests.map((t) => t.experiment_id));
  const onMeasure = moments
    .filter((m) => linked.has(m.experiment_id) && m.measure_id === measureId)
    .map((m) => m.period)
    .sort();
  if (onMeasure.length > 0) return onMeasure[0];
  const starts = tests
    .map((t) => iso(t.started_at))
    .filter((s): s is string => s !== null)
    .sort();
  return starts.length > 0 ? starts[0].slice(0, 10) : null;
}

export function progressDto(row: ProgrammeRow, evidence: ProgressEvidence, now: Date): ProgressDto {
  const derived = deriveProgress(evidence);
  const previous = deriveProgress(evidence, new Date(now.getTime() - TREND_DAYS * 86_400_000).toISOString());
  const override =
    row.override_score !== null
      ? {
          score: row.override_score,
          reason: row.override_reason as string,
          byId: row.override_by as string,
          byName: row.override_by_name ?? '',
          at: iso(row.override_at) as string,
        }
      : null;
  const score = override?.score ?? derived.score;
  return {
    score,
    band: bandOf(score),
    derivedScore: derived.score,
    reasons: derived.reasons,
    override,
    previousScore: previous.score,
    trend: derived.score > previous.score ? 'up' : derived.score < previous.score ? 'down' : 'flat',
  };
}

export function summaryDto(
  row: ProgrammeRow,
  related: Related,
  now: Date,
  stalledBefore: string,
): ProgrammeSummaryDto {
  const tests = related.tests.filter((t) => t.programme_id === row.id);
  const points = row.aim_measure_id ? related.points.filter((p) => p.measure_id === row.aim_measure_id) : [];
  const activity = [
    iso(row.updated_at) as string,
    ...tests.map((t) => iso(t.updated_at) as string),
    ...points.map((p) => iso(p.entered_at) as string),
  ].sort();
  const lastTestStartedAt = iso(row.last_test_started_at);
  return {
    id: row.id,
    title: row.title,
    unitType: row.unit_type as ProgrammeUnitType,
    teamId: row.team_id,
    departmentId: row.department_id,
    unitName: row.unit_name,
    ownerId: row.owner_membership_id,
    ownerName: row.owner_name,
    aim:
      row.aim_statement !== null
        ? {
            statement: row.aim_statement,
            measureId: row.aim_measure_id as string,
            measureName: row.measure_name ?? '',
            measureUnit: row.measure_unit ?? '',
            direction: row.measure_direction ?? '',
            baseline: row.aim_baseline as number,
            target: row.aim_target as number,
            targetDate: row.aim_target_date as string,
          }
        : null,
    progress: progressDto(row, evidenceOf(row, related), now),
    lastActivityAt: activity[activity.length - 1],
    lastTestStartedAt,
    stalled: (lastTestStartedAt ?? (iso(row.created_at) as string)) < stalledBefore,
    updatedAt: iso(row.updated_at) as string,
    version: row.version,
  };
}

/** A programme as a review of its unit shows it: its score then and now, the period's tests, its stalled ideas. */
export function reviewEntryOf(
  row: ProgrammeRow,
  related: Related,
  period: ReviewPeriod,
  now: Date,
  stalledBefore: string,
): ProgrammeInReview {
  const summary = summaryDto(row, related, now, stalledBefore);
  const evidence = evidenceOf(row, related);
  const ideas = related.nodes.filter((n) => n.programme_id === row.id && n.kind === 'change-idea');
  const ideaTitle = new Map(ideas.map((n) => [n.id, n.title]));
  const tests = related.tests
    .filter((t) => t.programme_id === row.id)
    .map((t) => ({
      experimentId: t.experiment_id,
      title: t.title,
      status: t.status,
      verdict: t.verdict,
      teamName: t.team_name,
      changeIdeaId: t.node_id,
      changeIdea: ideaTitle.get(t.node_id) ?? '',
      startedAt: iso(t.started_at),
      finishedAt: iso(t.finished_at),
      decision: t.decision as RampDecision | null,
    }));
  return {
    id: row.id,
    title: row.title,
    unitType: summary.unitType,
    unitName: summary.unitName,
    ownerName: summary.ownerName,
    aim: summary.aim?.statement ?? null,
    score: summary.progress.score,
    band: summary.progress.band,
    derivedScore: summary.progress.derivedScore,
    overridden: summary.progress.override !== null,
    scoreAtStart: deriveProgress(evidence, period.start).score,
    scoreAtEnd: deriveProgress(evidence, period.end).score,
    tests: testsInPeriod(tests, period).map(({ decision: _decision, ...test }) => test),
    stalled: summary.stalled,
    stalledChangeIdeas: stalledChangeIdeas(
      ideas.map((n) => ({ id: n.id, title: n.title, createdAt: iso(n.created_at) as string })),
      tests.map((t) => ({ ideaId: t.changeIdeaId, startedAt: t.startedAt, decision: t.decision })),
      stalledBefore,
    ).map(({ id, title }) => ({ id, title })),
  };
}

export function programmeDto(
  row: ProgrammeRow,
  related: Related,
  now: Date,
  stalledBefore: string,
): ProgrammeDto {
  const members = related.members.filter((m) => m.programme_id === row.id);
  return {
    ...summaryDto(row, related, now, stalledBefore),
    team: [
      { membershipId: row.owner_membership_id, name: row.owner_name, owner: true },
      ...members
        .filter((m) => m.membership_id !== row.owner_membership_id)
        .map((m) => ({ membershipId: m.membership_id, name: m.display_name, owner: false })),
    ],
    nodes: outlineOrder(
      related.nodes
        .filter((n) => n.programme_id === row.id)
        .map((n) => ({ ...n, kind: n.kind as NodeKind, parentId: n.parent_id })),
    ).map((n) =>
      nodeDto(
        n,
        related.tests.filter((t) => t.node_id === n.id),
      ),
    ),
    archivedAt: iso(row.archived_at),
  };
}

function nodeDto(
  node: NodeRow & { kind: NodeKind; parentId: string | null },
  tests: TestRow[],
): DriverNodeDto {
  const chains = ramps(
    tests.map((t) => ({
      experimentId: t.experiment_id,
      previousId: t.previous_id,
      status: t.status as Status,
      decision: t.decision as RampDecision | null,
      unitId: t.team_id,
      startedAt: iso(t.started_at),
    })),
  );
  const place = new Map<string, { step: number; units: number }>();
  for (const chain of chains)
    for (const s of chain) if (!place.has(s.experimentId)) place.set(s.experimentId, s);
  const ordered = chains
    .flatMap((c) => c.map((s) => s.experimentId))
    .filter((id, i, all) => all.indexOf(id) === i);
  const byId = new Map(tests.map((t) => [t.experiment_id, t]));
  return {
    id: node.id,
    kind: node.kind,
    parentId: node.parentId,
    title: node.title,
    measureId: node.measure_id,
    measureName: node.measure_name,
    position: node.position,
    tests: ordered.map((id) =>
      testDto(byId.get(id) as TestRow, place.get(id) as { step: number; units: number }),
    ),
    ramps: chains.map((c) => c.map((s) => s.experimentId)),
  };
}

function testDto(t: TestRow, place: { step: number; units: number }): ProgrammeTestDto {
  return {
    experimentId: t.experiment_id,
    title: t.title,
    status: t.status,
    verdict: t.verdict,
    teamId: t.team_id,
    teamName: t.team_name,
    startedAt: iso(t.started_at),
    previousId: t.previous_id,
    decision: t.decision as RampDecision | null,
    step: place.step,
    units: place.units,
  };
}

export function portfolioCsv(items: ProgrammeSummaryDto[]): string {
  return toCsv(
    [
      'title',
      'unit',
      'owner',
      'aim',
      'measure',
      'baseline',
      'target',
      'target_date',
      'score',
      'derived_score',
      'override_reason',
      'trend',
      'last_activity',
      'stalled',
    ],
    items.map((p) => [
      p.title,
      p.unitName ?? '',
      p.ownerName,
      p.aim?.statement ?? '',
      p.aim?.measureName ?? '',
      p.aim?.baseline ?? '',
      p.aim?.target ?? '',
      p.aim?.targetDate ?? '',
      p.progress.score,
      p.progress.derivedScore,
      p.progress.override?.reason ?? '',
      p.progress.trend,
      p.lastActivityAt,
      p.stalled ? 'yes' : 'no',
    ]),
  );
}
