import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@kaizen/api/data-access-auth';
import { Db } from '@kaizen/api/data-access-db';
import { Outbox } from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, FieldValidationException } from '@kaizen/api/util-core';
import {
  checkAnswers,
  effectiveThreshold,
  frameworkOf,
  INSTRUMENT_V1,
  MAX_REMINDERS,
  MIN_RESPONSES_FLOOR,
  reminderTimes,
  scoreTallies,
  suppress,
  withStatement,
  type Instrument,
  type Statement,
  type Tally,
} from '@kaizen/shared/domain-scan';
import type { AppConfig } from '@kaizen/shared/util-config';
import type {
  AddStatementDto,
  DimensionScoreDto,
  InstrumentDto,
  OpenScanDto,
  ScanDetailDto,
  ScanDto,
  ScanGroupDto,
  ScanResultsDto,
  ScanSettingsDto,
  ScanState,
  SubmitResponseDto,
  TrendDto,
} from './scans.dto';
import { ScansRepository, type Recipient, type ScanRow } from './scans.repository';

const notFound = () => new NotFoundException('No such scan in this organisation');

/** The learning-capability scan: instrument versions, opening, anonymous answers, and results that protect small groups. */
@Injectable()
export class ScansService {
  constructor(
    private readonly scans: ScansRepository,
    private readonly jobs: JobProducer,
    private readonly outbox: Outbox,
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- instrument and settings -------------------------------------------------------------

  async instrument(): Promise<InstrumentDto> {
    return toInstrumentDto((await this.scans.latestInstrument()) ?? INSTRUMENT_V1);
  }

  /** Adds a statement as a new instrument version; scans opened before keep the version they pinned. */
  async addStatement(dto: AddStatementDto): Promise<InstrumentDto> {
    const current = await this.ensureInstrument();
    const next = withStatement(current, { id: uuidv7(), dimension: dto.dimension, en: dto.en.trim(), nl: dto.nl.trim() });
    await this.scans.insertInstrument(uuidv7(), next.version, next.statements);
    return toInstrumentDto(next);
  }

  async settings(): Promise<ScanSettingsDto> {
    return { minResponses: effectiveThreshold(await this.scans.minResponses()), floor: MIN_RESPONSES_FLOOR };
  }

  async updateSettings(minResponses: number): Promise<ScanSettingsDto> {
    await this.scans.setMinResponses(minResponses);
    return this.settings();
  }

  // --- running a scan ----------------------------------------------------------------------

  async list(actor: Actor): Promise<ScanDto[]> {
    return (await this.scans.list(actor.membershipId)).map(toScanDto);
  }

  async get(actor: Actor, id: string): Promise<ScanDetailDto> {
    const scan = await this.scans.find(id, actor.membershipId);
    if (!scan) throw notFound();
    const instrument = await this.scans.instrument(scan.instrumentId);
    return { ...toScanDto(scan), statements: toInstrumentDto(instrument as Instrument).statements };
  }

  async open(actor: Actor, dto: OpenScanDto): Promise<ScanDetailDto> {
    const now = new Date();
    const opensAt = dto.opensAt ? new Date(dto.opensAt) : now;
    const closesAt = new Date(dto.closesAt);
    const problems = [];
    if (closesAt <= now) problems.push({ field: 'closesAt', rule: 'future', message: 'closesAt must be in the future' });
    if (closesAt <= opensAt) problems.push({ field: 'closesAt', rule: 'afterOpensAt', message: 'closesAt must come after opensAt' });
    const departmentIds = dto.departmentIds ?? [];
    if (departmentIds.length) {
      const existing = new Set(await this.scans.existingDepartments(departmentIds));
      const unknown = departmentIds.filter((id) => !existing.has(id));
      if (unknown.length) problems.push({ field: 'departmentIds', rule: 'exists', message: `no such department here: ${unknown.join(', ')}` });
    }
    if (problems.length) throw new FieldValidationException(problems);

    const instrument = await this.ensureInstrument();
    const id = uuidv7();
    await this.scans.insertScan({
      id,
      title: dto.title.trim(),
      instrumentId: (instrument as Instrument & { id: string }).id,
      departmentIds,
      opensAt,
      closesAt,
      minResponses: effectiveThreshold(await this.scans.minResponses()),
      createdBy: actor.membershipId,
    });
    if ((await this.scans.invite(id)) === 0) {
      throw new FieldValidationException([{ field: 'departmentIds', rule: 'hasMembers', message: 'nobody works in these departments, so nobody could answer' }]);
    }
    const organisationId = actor.organisationId;
    const [first, second] = reminderTimes(opensAt, closesAt);
    const delay = (at: Date) => Math.max(0, at.getTime() - Date.now());
    this.db.afterCommit(async () => {
      await this.jobs.enqueue('scans', 'invite', { organisationId, scanId: id }, { jobId: `scan-invite-${id}`, delayMs: delay(opensAt) });
      await this.jobs.enqueue('scans', 'remind', { organisationId, scanId: id, round: 1 }, { jobId: `scan-remind-${id}-1`, delayMs: delay(first) });
      await this.jobs.enqueue('scans', 'remind', { organisationId, scanId: id, round: 2 }, { jobId: `scan-remind-${id}-2`, delayMs: delay(second) });
    });
    return this.get(actor, id);
  }

  /** Ends the answering window now; results become available. */
  async close(actor: Actor, id: string): Promise<ScanDto> {
    const scan = await this.scans.find(id, actor.membershipId);
    if (!scan) throw notFound();
    if (stateOf(scan) !== 'open') throw new ConflictException(`Only an open scan can be closed; this one is ${stateOf(scan)}`);
    await this.scans.closeNow(id);
    return toScanDto((await this.scans.find(id, actor.membershipId)) as ScanRow);
  }

  /** Sends the next reminder round now, to those who have not answered; there are at most two. */
  async remindNow(actor: Actor, id: string): Promise<{ round: number }> {
    const scan = await this.scans.find(id, actor.membershipId);
    if (!scan) throw notFound();
    if (stateOf(scan) !== 'open') throw new ConflictException(`Reminders go out only while a scan is open; this one is ${stateOf(scan)}`);
    const round = scan.reminderRounds + 1;
    if (round > MAX_REMINDERS) throw new ConflictException('Both reminders have been sent already; nobody is reminded more than twice');
    const organisationId = actor.organisationId;
    this.db.afterCommit(() =>
      this.jobs.enqueue('scans', 'remind', { organisationId, scanId: id, round: round as 1 | 2 }, { jobId: `scan-remind-${id}-${round}-now` }),
    );
    return { round };
  }

  /**
   * Records one answer sheet. The participation row (who) and the tallies (what) change in one
   * transaction, and nothing in the tallies names the person, the sheet or the time.
   */
  async respond(actor: Actor, id: string, dto: SubmitResponseDto): Promise<void> {
    const scan = await this.scans.find(id, actor.membershipId);
    if (!scan) throw notFound();
    const state = stateOf(scan);
    if (state !== 'open') throw new ConflictException(state === 'closed' ? 'This scan has closed' : 'This scan has not opened yet');
    const instrument = (await this.scans.instrument(scan.instrumentId)) as Instrument;
    const comment = dto.comment?.trim() || null;
    const problems = checkAnswers(instrument, dto.answers, comment);
    if (problems.length) throw new FieldValidationException(problems);

    const marked = await this.scans.markAnswered(id, actor.membershipId);
    if (marked === 'answered') throw new ConflictException('You have already answered this scan; answers are anonymous, so they cannot be changed');
    if (marked === 'not_invited') throw new ForbiddenException('You were not invited to this scan');
    const unit = await this.scans.unitOf(id, actor.membershipId);
    const answers = instrument.statements.map((s): [string, number] => [s.id, dto.answers[s.id]]);
    await this.scans.addResponse(id, unit, answers, comment);
  }

  // --- worker side -------------------------------------------------------------------------

  /** Mails everyone invited who has not answered yet. */
  async sendInvitations(scanId: string): Promise<number> {
    const scan = await this.scans.lockScan(scanId);
    if (!scan || scan.closesAt <= new Date()) return 0;
    const recipients = await this.scans.waitingFor(scanId);
    await this.mail(scanId, scan.title, scan.closesAt, recipients, 'scan-invitation', (m) => `scan-invite-${scanId}-${m}`);
    return recipients.length;
  }

  /** One reminder round, once: the round number on the scan and the per-person count (at most 2) make a rerun a no-op. */
  async remind(scanId: string, round: number): Promise<number> {
    const scan = await this.scans.lockScan(scanId);
    const now = new Date();
    if (!scan || now < scan.opensAt || now >= scan.closesAt || scan.reminderRounds >= round) return 0;
    const recipients = await this.scans.waitingFor(scanId, MAX_REMINDERS);
    await this.scans.recordReminderRound(scanId, round, recipients.map((r) => r.membershipId));
    await this.mail(scanId, scan.title, scan.closesAt, recipients, 'scan-reminder', (m) => `scan-remind-${scanId}-${round}-${m}`);
    return recipients.length;
  }

  private async mail(
    scanId: string,
    title: string,
    closesAt: Date,
    recipients: Recipient[],
    template: 'scan-invitation' | 'scan-reminder',
    jobId: (membershipId: string) => string,
  ): Promise<void> {
    const organisation = await this.scans.organisation();
    if (!organisation || recipients.length === 0) return;
    const params = { link: `${this.config.APP_URL}/scan/${scanId}`, organisationName: organisation.name, title, closesAt: closesAt.toISOString(), timeZone: organisation.timeZone };
    // Outbox rows of this transaction, so a lost job never loses a mail; the key makes a rerun a no-op.
    const now = new Date();
    await this.outbox.add(
      recipients.map((r) => ({ channel: 'mail' as const, dedupeKey: jobId(r.membershipId), recipientId: r.membershipId, payload: { to: r.email, locale: r.locale, template, params }, dueAt: now })),
    );
  }

  // --- results -----------------------------------------------------------------------------

  /** Results per group once the scan has closed, with every protection applied. */
  async results(actor: Actor, id: string): Promise<ScanResultsDto> {
    const scan = await this.scans.find(id, actor.membershipId);
    if (!scan) throw notFound();
    if (stateOf(scan) !== 'closed') {
      // While answers still come in, two looks at the results would differ by exactly one person.
      throw new ConflictException('Results appear once the scan has closed, so nobody can compare them before and after one person answers');
    }
    const threshold = effectiveThreshold(await this.scans.minResponses(), scan.minResponses);
    const groups = await this.groups(actor, scan, threshold);
    return { scan: toScanDto(scan), threshold, groups };
  }

  /** One group's scores across every closed scan, oldest first. */
  async trend(actor: Actor, group = `organisation:${actor.organisationId}`): Promise<TrendDto> {
    if (group === 'organisation') group = `organisation:${actor.organisationId}`;
    if (!/^(organisation|department|team):[0-9a-f-]{36}$/i.test(group)) {
      throw new FieldValidationException([{ field: 'group', rule: 'format', message: 'group is organisation, department:<id> or team:<id>' }]);
    }
    const current = effectiveThreshold(await this.scans.minResponses());
    const points: TrendDto['points'] = [];
    let name: string | null = null;
    for (const scan of await this.scans.opened(actor.membershipId)) {
      if (stateOf(scan) !== 'closed') continue;
      const found = (await this.groups(actor, scan, effectiveThreshold(current, scan.minResponses))).find((g) => g.key === group);
      if (!found) continue;
      name = found.name;
      points.push({
        scanId: scan.id,
        title: scan.title,
        closesAt: scan.closesAt.toISOString(),
        visible: found.visible,
        suppressed: found.suppressed,
        responses: found.responses,
        scores: found.scores,
      });
    }
    return { group, name, threshold: current, points };
  }

  private async groups(actor: Actor, scan: ScanRow, threshold: number): Promise<ScanGroupDto[]> {
    const instrument = (await this.scans.instrument(scan.instrumentId)) as Instrument;
    const units = await this.scans.units(scan.id);
    const tallies = await this.scans.tallies(scan.id);
    const scoped = await this.scans.scopedDepartmentIds(scan.id);
    const departments = await this.scans.departments();
    const teams = await this.scans.teams();
    const organisation = await this.scans.organisation();

    const unitKey = (kind: string, unitId: string) => `${kind}:${unitId}`;
    const used = new Set(units.map((u) => unitKey(u.unitKind, u.unitId)));
    const orgKey = `organisation:${actor.organisationId}`;
    const nodes = new Map<string, { key: string; kind: ScanGroupDto['kind']; id: string; name: string; parent: string | null }>();
    nodes.set(orgKey, { key: orgKey, kind: 'organisation', id: actor.organisationId, name: organisation?.name ?? '', parent: null });
    const teamsUsedIn = new Set(teams.filter((t) => used.has(unitKey('team', t.id))).map((t) => t.departmentId));
    const includedDepartments = departments.filter((d) => scoped.has(d.id) && (!d.archived || used.has(unitKey('department', d.id)) || teamsUsedIn.has(d.id)));
    const included = new Set(includedDepartments.map((d) => d.id));
    for (const d of includedDepartments) {
      nodes.set(unitKey('department', d.id), { key: unitKey('department', d.id), kind: 'department', id: d.id, name: d.name, parent: d.parentId && included.has(d.parentId) ? unitKey('department', d.parentId) : orgKey });
    }
    for (const t of teams) {
      if (!included.has(t.departmentId) || (t.archived && !used.has(unitKey('team', t.id)))) continue;
      nodes.set(unitKey('team', t.id), { key: unitKey('team', t.id), kind: 'team', id: t.id, name: t.name, parent: unitKey('department', t.departmentId) });
    }
    // Answers whose group has since left the scan's scope count for the organisation as a whole.
    const placeOf = (kind: string, unitId: string) => (nodes.has(unitKey(kind, unitId)) ? unitKey(kind, unitId) : orgKey);

    const own = new Map<string, number>();
    const subtreeTallies = new Map<string, Map<string, Tally>>();
    const subtreeComments = new Map<string, string[]>();
    const ancestors = (key: string) => {
      const chain: string[] = [];
      for (let k: string | null = key; k; k = nodes.get(k)?.parent ?? null) chain.push(k);
      return chain;
    };
    for (const u of units) {
      const place = placeOf(u.unitKind, u.unitId);
      own.set(place, (own.get(place) ?? 0) + u.responses);
      for (const k of ancestors(place)) subtreeComments.set(k, [...(subtreeComments.get(k) ?? []), ...u.comments]);
    }
    for (const t of tallies) {
      for (const k of ancestors(placeOf(t.unitKind, t.unitId))) {
        const map = subtreeTallies.get(k) ?? new Map<string, Tally>();
        const tallyKey = `${t.statementId}|${t.value}`;
        const existing = map.get(tallyKey);
        map.set(tallyKey, { statementId: t.statementId, value: t.value, count: (existing?.count ?? 0) + t.count });
        subtreeTallies.set(k, map);
      }
    }

    const visibility = suppress([...nodes.values()].map((n) => ({ key: n.key, parent: n.parent, own: own.get(n.key) ?? 0 })), threshold);

    // Parents before children: the organisation, then each department followed by its sub-departments and teams.
    const children = new Map<string | null, string[]>();
    for (const n of nodes.values()) children.set(n.parent, [...(children.get(n.parent) ?? []), n.key]);
    const ordered: string[] = [];
    const walk = (key: string) => {
      ordered.push(key);
      const kids = (children.get(key) ?? []).sort((a, b) => rank(nodes.get(a)!.kind) - rank(nodes.get(b)!.kind) || nodes.get(a)!.name.localeCompare(nodes.get(b)!.name)); // eslint-disable-line @typescript-eslint/no-non-null-assertion
      kids.forEach(walk);
    };
    walk(orgKey);

    return ordered.map((key) => {
      const node = nodes.get(key)!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
      const v = visibility.get(key)!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
      return {
        key,
        kind: node.kind,
        id: node.id,
        name: node.name,
        parentKey: node.parent,
        visible: v.visible,
        suppressed: v.reason,
        responses: v.visible ? v.responses : null,
        scores: v.visible ? toScores(scoreTallies(instrument, [...(subtreeTallies.get(key)?.values() ?? [])])) : [],
        // Comments of a shown group come from at least `threshold` people; their order was randomised when stored.
        comments: v.visible ? [...(subtreeComments.get(key) ?? [])] : [],
      };
    });
  }

  private async ensureInstrument(): Promise<Instrument & { id: string }> {
    await this.scans.lockInstrument();
    const latest = await this.scans.latestInstrument();
    if (latest) return latest;
    const id = uuidv7();
    await this.scans.insertInstrument(id, INSTRUMENT_V1.version, INSTRUMENT_V1.statements);
    return { id, ...INSTRUMENT_V1 };
  }
}

function rank(kind: ScanGroupDto['kind']): number {
  return kind === 'organisation' ? 0 : kind === 'department' ? 1 : 2;
}

export function stateOf(scan: { opensAt: Date; closesAt: Date }, now = new Date()): ScanState {
  return now < scan.opensAt ? 'scheduled' : now < scan.closesAt ? 'open' : 'closed';
}

function toScanDto(scan: ScanRow): ScanDto {
  return {
    id: scan.id,
    title: scan.title,
    scope: scan.scope,
    departmentIds: scan.departmentIds,
    opensAt: scan.opensAt.toISOString(),
    closesAt: scan.closesAt.toISOString(),
    state: stateOf(scan),
    instrumentVersion: scan.instrumentVersion,
    invited: scan.invited,
    responded: scan.responded,
    reminderRounds: scan.reminderRounds,
    myParticipation: scan.myParticipation,
  };
}

function toInstrumentDto(instrument: Instrument): InstrumentDto {
  return { version: instrument.version, statements: instrument.statements.map((s: Statement) => ({ ...s, custom: s.custom ?? false })) };
}

function toScores(scores: ReturnType<typeof scoreTallies>): DimensionScoreDto[] {
  return Object.entries(scores)
    .filter(([, score]) => score !== null)
    .map(([dimension, score]) => ({
      dimension: dimension as DimensionScoreDto['dimension'],
      framework: frameworkOf(dimension as DimensionScoreDto['dimension']),
      mean: score!.mean, // eslint-disable-line @typescript-eslint/no-non-null-assertion
      agreeShare: score!.agreeShare, // eslint-disable-line @typescript-eslint/no-non-null-assertion
    }));
}
