import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { Db } from '@kaizen/api/data-access-db';
import { Outbox } from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import {
  APP_CONFIG,
  FieldValidationException,
  mapPage,
  type Page,
  type PageQueryDto,
} from '@kaizen/api/util-core';
import {
  checkAnswers,
  effectiveThreshold,
  frameworkOf,
  freezeTree,
  frozenKey,
  INSTRUMENT_V1,
  MAX_REMINDERS,
  MIN_RESPONSES_FLOOR,
  reminderTimes,
  scanResults,
  withStatement,
  type FrozenGroup,
  type Instrument,
  type Scores,
  type Statement,
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
import { ScanSeal, type CellTotals } from './scan-seal';
import {
  departmentOf,
  frozenGroupOf,
  groupTotalOf,
  instrumentOf,
  legacyCellOf,
  legacyUnitKey,
  organisationOf,
  placementOf,
  publicationOf,
  recipientOf,
  scanOf,
  scanWindowOf,
  windowOf,
  teamOf,
  type Recipient,
  type StoredScan,
} from './scans.mappers';
import { ScansRepository, type InstrumentRow } from './scans.repository';

const notFound = () => new NotFoundException('No such scan in this organisation');

/** The learning-capability scan: instrument versions, opening, anonymous answers, and results that protect small groups. */
@Injectable()
export class ScansService {
  private readonly seal: ScanSeal;

  constructor(
    private readonly scans: ScansRepository,
    private readonly jobs: JobProducer,
    private readonly outbox: Outbox,
    private readonly db: Db,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.seal = new ScanSeal(config.SCAN_SEAL_SECRETS ?? [config.AUTH_SECRET]);
  }

  // --- instrument and settings -------------------------------------------------------------

  async instrument(): Promise<InstrumentDto> {
    const latest = await this.scans.latestInstrument();
    return toInstrumentDto(latest ? instrumentOf(latest) : INSTRUMENT_V1);
  }

  /** Adds a statement as a new instrument version; scans opened before keep the version they pinned. */
  async addStatement(dto: AddStatementDto): Promise<InstrumentDto> {
    const current = await this.ensureInstrument();
    const next = withStatement(current, {
      id: uuidv7(),
      dimension: dto.dimension,
      en: dto.en.trim(),
      nl: dto.nl.trim(),
    });
    const instrumentId = uuidv7();
    await this.scans.insertInstrument(instrumentId, next.version, next.statements);
    const after = toInstrumentDto(next);
    await this.audit.record({
      action: 'scan.statement_added',
      targetId: instrumentId,
      before: { version: current.version, statements: current.statements.length },
      after: { version: after.version, statements: after.statements.length },
      details: { dimension: dto.dimension, en: dto.en.trim(), nl: dto.nl.trim() },
    });
    return after;
  }

  async settings(): Promise<ScanSettingsDto> {
    return { minResponses: effectiveThreshold(await this.scans.minResponses()), floor: MIN_RESPONSES_FLOOR };
  }

  async updateSettings(minResponses: number): Promise<ScanSettingsDto> {
    const before = await this.settings();
    await this.scans.setMinResponses(minResponses);
    const after = await this.settings();
    await this.audit.record({ action: 'scan.settings_updated', before, after });
    return after;
  }

  // --- running a scan ----------------------------------------------------------------------

  async list(actor: Actor, page: PageQueryDto): Promise<Page<ScanDto>> {
    return mapPage(await this.scans.list(actor.membershipId, page), (row) => toScanDto(scanOf(row)));
  }

  async get(actor: Actor, id: string): Promise<ScanDetailDto> {
    const scan = await this.findScan(id, actor.membershipId);
    if (!scan) throw notFound();
    const instrument = await this.pinnedInstrument(scan);
    return { ...toScanDto(scan), statements: toInstrumentDto(instrument).statements };
  }

  async open(actor: Actor, dto: OpenScanDto): Promise<ScanDetailDto> {
    const now = new Date();
    const opensAt = dto.opensAt ? new Date(dto.opensAt) : now;
    const closesAt = new Date(dto.closesAt);
    const problems = [];
    if (closesAt <= now)
      problems.push({ field: 'closesAt', rule: 'future', message: 'closesAt must be in the future' });
    if (closesAt <= opensAt)
      problems.push({ field: 'closesAt', rule: 'afterOpensAt', message: 'closesAt must come after opensAt' });
    const departmentIds = dto.departmentIds ?? [];
    if (departmentIds.length) {
      const existing = new Set(await this.scans.existingDepartments(departmentIds));
      const unknown = departmentIds.filter((id) => !existing.has(id));
      if (unknown.length)
        problems.push({
          field: 'departmentIds',
          rule: 'exists',
          message: `no such department here: ${unknown.join(', ')}`,
        });
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
      throw new FieldValidationException([
        {
          field: 'departmentIds',
          rule: 'hasMembers',
          message: 'nobody works in these departments, so nobody could answer',
        },
      ]);
    }
    // The groups and who counts where are frozen now: a later reorganisation changes nothing in this scan.
    await this.scans.freezeGroups(id, await this.currentTree(actor.organisationId, id));
    await this.scans.placeInvited(id);
    const organisationId = actor.organisationId;
    const [first, second] = reminderTimes(opensAt, closesAt);
    const delay = (at: Date) => Math.max(0, at.getTime() - Date.now());
    this.db.afterCommit(async () => {
      await this.jobs.enqueue(
        'scans',
        'invite',
        { organisationId, scanId: id },
        { jobId: `scan-invite-${id}`, delayMs: delay(opensAt) },
      );
      await this.jobs.enqueue(
        'scans',
        'remind',
        { organisationId, scanId: id, round: 1 },
        { jobId: `scan-remind-${id}-1`, delayMs: delay(first) },
      );
      await this.jobs.enqueue(
        'scans',
        'remind',
        { organisationId, scanId: id, round: 2 },
        { jobId: `scan-remind-${id}-2`, delayMs: delay(second) },
      );
      await this.jobs.enqueue(
        'scans',
        'fold',
        { organisationId, scanId: id },
        { jobId: `scan-fold-${id}-close`, delayMs: delay(closesAt) },
      );
    });
    const opened = await this.get(actor, id);
    const { statements: _statements, ...after } = opened;
    await this.audit.record({ action: 'scan.opened', targetId: id, after });
    return opened;
  }

  /** Ends the answering window now; results become available. */
  async close(actor: Actor, id: string): Promise<ScanDto> {
    const scan = await this.findScan(id, actor.membershipId);
    if (!scan) throw notFound();
    if (stateOf(scan) !== 'open')
      throw new ConflictException(`Only an open scan can be closed; this one is ${stateOf(scan)}`);
    await this.scans.closeNow(id);
    // Whatever is still pending is counted now, from PostgreSQL, whether or not a queued fold ever runs.
    await this.fold(id, true);
    const after = toScanDto((await this.findScan(id, actor.membershipId)) as StoredScan);
    await this.audit.record({ action: 'scan.closed', targetId: id, before: toScanDto(scan), after });
    return after;
  }

  /** Sends the next reminder round now, to those who have not answered; there are at most two. */
  async remindNow(actor: Actor, id: string): Promise<{ round: number }> {
    const scan = await this.findScan(id, actor.membershipId);
    if (!scan) throw notFound();
    if (stateOf(scan) !== 'open')
      throw new ConflictException(`Reminders go out only while a scan is open; this one is ${stateOf(scan)}`);
    const round = scan.reminderRounds + 1;
    if (round > MAX_REMINDERS)
      throw new ConflictException(
        'Both reminders have been sent already; nobody is reminded more than twice',
      );
    const organisationId = actor.organisationId;
    this.db.afterCommit(() =>
      this.jobs.enqueue(
        'scans',
        'remind',
        { organisationId, scanId: id, round: round as 1 | 2 },
        { jobId: `scan-remind-${id}-${round}-now` },
      ),
    );
    await this.audit.record({ action: 'scan.reminded', targetId: id, details: { round } });
    return { round };
  }

  /**
   * Records one answer sheet. Participation (who) is marked at once; the sheet (what) goes sealed
   * into the buffer, to be folded into the tallies with at least a threshold of others, later and in
   * another transaction, so nothing stored joins the two.
   */
  async respond(actor: Actor, id: string, dto: SubmitResponseDto): Promise<void> {
    const scan = await this.findScan(id, actor.membershipId);
    if (!scan) throw notFound();
    const window = await this.scans.shareLockScan(id);
    const state = stateOf(window ? windowOf(window) : scan);
    if (state !== 'open')
      throw new ConflictException(
        state === 'closed' ? 'This scan has closed' : 'This scan has not opened yet',
      );
    const instrument = await this.pinnedInstrument(scan);
    const comment = dto.comment?.trim() || null;
    const problems = checkAnswers(instrument, dto.answers, comment);
    if (problems.length) throw new FieldValidationException(problems);

    const marked = await this.scans.markAnswered(id, actor.membershipId);
    if (marked === 'answered')
      throw new ConflictException(
        'You have already answered this scan; answers are anonymous, so they cannot be changed',
      );
    if (marked === 'not_invited') throw new ForbiddenException('You were not invited to this scan');
    const unit = marked.unit ?? (await this.legacyUnit(id, actor.membershipId));
    const answers = Object.fromEntries(instrument.statements.map((s) => [s.id, dto.answers[s.id]]));
    await this.scans.bufferSheet(id, this.seal.sealSheet({ unit, answers, comment }));
    const pending = await this.scans.pendingSheets(id);
    if (pending >= scan.minResponses) {
      const organisationId = actor.organisationId;
      this.db.afterCommit(() =>
        this.jobs.enqueue(
          'scans',
          'fold',
          { organisationId, scanId: id },
          { jobId: `scan-fold-${id}-${uuidv7()}` },
        ),
      );
    }
  }

  /**
   * Folds pending sheets into the tallies: all of them once the scan has closed (or when `all`),
   * otherwise only when at least the scan's threshold are pending. Returns how many were folded.
   */
  async fold(scanId: string, all = false): Promise<number> {
    const scan = await this.lockScan(scanId);
    if (!scan) return 0;
    const pending = await this.scans.takePending(scanId);
    const closed = scan.closesAt <= new Date();
    if (pending.length === 0 || (!all && !closed && pending.length < scan.minResponses)) return 0;
    const byCell = new Map<string, ReturnType<ScanSeal['openSheet']>[]>();
    for (const { sealed } of pending) {
      const sheet = this.seal.openSheet(sealed);
      byCell.set(sheet.unit, [...(byCell.get(sheet.unit) ?? []), sheet]);
    }
    for (const [key, sheets] of shuffle([...byCell])) {
      const existing = await this.scans.lockCell(scanId, key);
      const cell: CellTotals = existing
        ? this.seal.openCell(existing)
        : { responses: 0, comments: [], tallies: [] };
      const tallies = new Map(
        cell.tallies.map(([statementId, value, count]) => [
          `${statementId}|${value}`,
          [statementId, value, count] as [string, number, number],
        ]),
      );
      for (const sheet of sheets) {
        cell.responses += 1;
        if (sheet.comment) cell.comments.push(sheet.comment);
        for (const [statementId, value] of Object.entries(sheet.answers)) {
          const tally = tallies.get(`${statementId}|${value}`) ?? [statementId, value, 0];
          tally[2] += 1;
          tallies.set(`${statementId}|${value}`, tally);
        }
      }
      await this.scans.saveCell(
        scanId,
        key,
        this.seal.sealCell({
          responses: cell.responses,
          comments: shuffle(cell.comments),
          tallies: [...tallies.values()],
        }),
      );
    }
    await this.scans.dropPending(
      scanId,
      pending.map((p) => p.id),
    );
    return pending.length;
  }

  // --- worker side -------------------------------------------------------------------------

  /** Mails everyone invited who has not answered yet. */
  async sendInvitations(scanId: string): Promise<number> {
    const scan = await this.lockScan(scanId);
    if (!scan || scan.closesAt <= new Date()) return 0;
    const recipients = (await this.scans.waitingFor(scanId)).map(recipientOf);
    await this.mail(
      scanId,
      scan.title,
      scan.closesAt,
      recipients,
      'scan-invitation',
      (m) => `scan-invite-${scanId}-${m}`,
    );
    return recipients.length;
  }

  /** One reminder round, once: the round number on the scan and the per-person count (at most 2) make a rerun a no-op. */
  async remind(scanId: string, round: number): Promise<number> {
    const scan = await this.lockScan(scanId);
    const now = new Date();
    if (!scan || now < scan.opensAt || now >= scan.closesAt || scan.reminderRounds >= round) return 0;
    const recipients = (await this.scans.waitingFor(scanId, MAX_REMINDERS)).map(recipientOf);
    await this.scans.recordReminderRound(
      scanId,
      round,
      recipients.map((r) => r.membershipId),
    );
    await this.mail(
      scanId,
      scan.title,
      scan.closesAt,
      recipients,
      'scan-reminder',
      (m) => `scan-remind-${scanId}-${round}-${m}`,
    );
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
    const row = await this.scans.organisation();
    if (!row || recipients.length === 0) return;
    const organisation = organisationOf(row);
    const params = {
      link: `${this.config.APP_URL}/scan/${scanId}`,
      organisationName: organisation.name,
      title,
      closesAt: closesAt.toISOString(),
      timeZone: organisation.timeZone,
    };
    // Outbox rows of this transaction, so a lost job never loses a mail; the key makes a rerun a no-op.
    const now = new Date();
    await this.outbox.add(
      recipients.map((r) => ({
        channel: 'mail' as const,
        dedupeKey: jobId(r.membershipId),
        recipientId: r.membershipId,
        payload: { to: r.email, locale: r.locale, template, params },
        dueAt: now,
      })),
    );
  }

  // --- results -----------------------------------------------------------------------------

  /** Results per group once the scan has closed, with every protection applied. */
  async results(actor: Actor, id: string): Promise<ScanResultsDto> {
    const scan = await this.findScan(id, actor.membershipId);
    if (!scan) throw notFound();
    if (stateOf(scan) !== 'closed') {
      // While answers still come in, two looks at the results would differ by exactly one person.
      throw new ConflictException(
        'Results appear once the scan has closed, so nobody can compare them before and after one person answers',
      );
    }
    const threshold = effectiveThreshold(await this.scans.minResponses(), scan.minResponses);
    const groups = await this.groups(actor, scan, threshold);
    return { scan: toScanDto(scan), threshold, groups };
  }

  /** One group's scores across every closed scan, oldest first. */
  async trend(actor: Actor, group = `organisation:${actor.organisationId}`): Promise<TrendDto> {
    if (group === 'organisation') group = `organisation:${actor.organisationId}`;
    if (!/^(organisation|department|team):[0-9a-f-]{36}$/i.test(group)) {
      throw new FieldValidationException([
        { field: 'group', rule: 'format', message: 'group is organisation, department:<id> or team:<id>' },
      ]);
    }
    const current = effectiveThreshold(await this.scans.minResponses());
    const points: TrendDto['points'] = [];
    let name: string | null = null;
    for (const scan of (await this.scans.opened(actor.membershipId)).map(scanOf)) {
      if (stateOf(scan) !== 'closed') continue;
      const found = (await this.groups(actor, scan, effectiveThreshold(current, scan.minResponses))).find(
        (g) => g.key === group,
      );
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

  /**
   * A closed scan's groups against its frozen tree, checked against everything shown for it before;
   * what this view shows is recorded in the same transaction. The scan row stays locked until then,
   * so two views at once are checked one after the other.
   */
  private async groups(actor: Actor, scan: StoredScan, threshold: number): Promise<ScanGroupDto[]> {
    await this.fold(scan.id);
    const instrument = await this.pinnedInstrument(scan);
    let frozen = (await this.scans.frozenGroups(scan.id)).map(frozenGroupOf);
    const units = await this.scans.units(scan.id);
    if (frozen.length === 0) {
      // A scan from before trees were frozen: freeze the tree as it is at its first look.
      const used = new Set(units.map(legacyUnitKey));
      frozen = await this.currentTree(actor.organisationId, scan.id, used);
      await this.scans.freezeGroups(scan.id, frozen);
    }
    const tallies = await this.scans.tallies(scan.id);
    const cells = [
      ...units.map((unit) => legacyCellOf(unit, tallies)),
      ...(await this.scans.sealedCells(scan.id)).map(({ key, sealed }) => {
        const cell = this.seal.openCell(sealed);
        return {
          key,
          responses: cell.responses,
          comments: cell.comments,
          tallies: cell.tallies.map(([statementId, value, count]) => ({ statementId, value, count })),
        };
      }),
    ];
    const { groups, published } = scanResults({
      groups: frozen,
      cells,
      instrument,
      threshold,
      history: (await this.scans.publications(scan.id)).map(publicationOf),
      otherScans: (
        await this.scans.otherScansTotals(
          scan.id,
          frozen.map((g) => g.key),
        )
      ).map(groupTotalOf),
    });
    await this.scans.recordPublications(scan.id, published);
    return groups.map((g) => ({ ...g, scores: g.scores ? toScores(g.scores) : [] }));
  }

  /** The organisation's tree as it is now, limited to the scan's scope. */
  private async currentTree(
    organisationId: string,
    scanId: string,
    used?: ReadonlySet<string>,
  ): Promise<FrozenGroup[]> {
    const organisation = await this.scans.organisation();
    return freezeTree({
      organisation: { id: organisationId, name: organisation?.name ?? '' },
      departments: (await this.scans.departments()).map(departmentOf),
      teams: (await this.scans.teams()).map(teamOf),
      scoped: await this.scans.scopedDepartmentIds(scanId),
      used,
    });
  }

  /** Where a sheet counts in a scan opened before participants' groups were frozen: placed now, by the same rule. */
  private async legacyUnit(scanId: string, membershipId: string): Promise<string> {
    const placed = (await this.scans.placeInvited(scanId)).map(placementOf);
    // Everyone not yet placed is placed now, this person included.
    return (
      placed.find((p) => p.membershipId === membershipId)?.unitKey ??
      frozenKey('organisation', this.db.scope.organisationId as string)
    );
  }

  private async findScan(id: string, membershipId: string): Promise<StoredScan | null> {
    const row = await this.scans.find(id, membershipId);
    return row ? scanOf(row) : null;
  }

  private async lockScan(id: string) {
    const row = await this.scans.lockScan(id);
    return row ? scanWindowOf(row) : null;
  }

  /** The instrument version the scan pinned when it opened. */
  private async pinnedInstrument(scan: StoredScan): Promise<Instrument> {
    return instrumentOf((await this.scans.instrument(scan.instrumentId)) as InstrumentRow);
  }

  private async ensureInstrument(): Promise<Instrument & { id: string }> {
    await this.scans.lockInstrument();
    const latest = await this.scans.latestInstrument();
    if (latest) return instrumentOf(latest);
    const id = uuidv7();
    await this.scans.insertInstrument(id, INSTRUMENT_V1.version, INSTRUMENT_V1.statements);
    return { id, ...INSTRUMENT_V1 };
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export function stateOf(scan: { opensAt: Date; closesAt: Date }, now = new Date()): ScanState {
  return now < scan.opensAt ? 'scheduled' : now < scan.closesAt ? 'open' : 'closed';
}

function toScanDto(scan: StoredScan): ScanDto {
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
  return {
    version: instrument.version,
    statements: instrument.statements.map((s: Statement) => ({ ...s, custom: s.custom ?? false })),
  };
}

function toScores(scores: Scores): DimensionScoreDto[] {
  return Object.entries(scores)
    .filter(([, score]) => score !== null)
    .map(([dimension, score]) => ({
      dimension: dimension as DimensionScoreDto['dimension'],
      framework: frameworkOf(dimension as DimensionScoreDto['dimension']),
      mean: score!.mean, // eslint-disable-line @typescript-eslint/no-non-null-assertion
      agreeShare: score!.agreeShare, // eslint-disable-line @typescript-eslint/no-non-null-assertion
    }));
}
