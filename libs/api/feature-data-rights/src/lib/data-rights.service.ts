import { ConflictException, GoneException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { Db, TenantTransactions } from '@kaizen/api/data-access-db';
import { PlacementsRepository } from '@kaizen/api/data-access-organisation';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { FieldValidationException, mapPage, type PageQueryDto } from '@kaizen/api/util-core';
import { leavesNoAdmin } from '@kaizen/shared/domain-organisation';
import type { DataExportDto, DataExportPageDto, RetentionDto } from './data-rights.dto';
import { dataExportDto } from './data-rights.mappers';
import { DataRightsRepository, type SubjectRow } from './data-rights.repository';
import { exportArchive, type ExportSection } from './data-export.archive';

/** How long a prepared export can be downloaded. */
const EXPORT_VALID_HOURS = 24;
/** What an erased person's content is attributed to. */
export const FORMER_MEMBER = 'Former member';

/** People's data rights: an export of what the product holds about them, erasure, and retention. */
@Injectable()
export class DataRightsService {
  private readonly logger = new Logger('DataRights');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly db: Db,
    private readonly store: DataRightsRepository,
    private readonly placements: PlacementsRepository,
    private readonly audit: AuditLog,
    private readonly jobs: JobProducer,
  ) {}

  // --- exports -------------------------------------------------------------------------------------------

  /** Queues an export of the subject's data (the actor's own, or, for an admin, a member's). */
  async requestExport(actor: Actor, subjectMembershipId: string): Promise<DataExportDto> {
    const subject = await this.store.findSubject(subjectMembershipId);
    if (!subject || subject.erased_at) throw new NotFoundException('No such member');
    const id = uuidv7();
    await this.store.createExport({
      id,
      subjectMembershipId,
      requestedBy: actor.membershipId,
      expiresAt: new Date(Date.now() + EXPORT_VALID_HOURS * 3600_000),
    });
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'data_export.requested',
      actorUserId: actor.userId,
      targetId: id,
      details: { subjectMembershipId },
    });
    this.db.afterCommit(() =>
      this.jobs.enqueue(
        'data-rights',
        'export',
        { organisationId: actor.organisationId, exportId: id },
        { jobId: `data-export-${id}` },
      ),
    );
    return this.export(actor, id);
  }

  async exports(actor: Actor, query: PageQueryDto): Promise<DataExportPageDto> {
    return mapPage(await this.store.listExports(actor.membershipId, query), (row) => dataExportDto(row));
  }

  async export(actor: Actor, id: string): Promise<DataExportDto> {
    const row = await this.store.findExport(id, actor.membershipId);
    if (!row) throw new NotFoundException('No such export');
    return dataExportDto(row);
  }

  /** The ZIP, for the person who asked for it, while its link lasts. */
  async download(actor: Actor, id: string): Promise<Buffer> {
    const row = await this.store.exportFile(id, actor.membershipId);
    if (!row?.file) throw new NotFoundException('No such export, or it is not ready yet');
    if (row.expired) throw new GoneException('This export has expired: ask for a new one');
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'data_export.downloaded',
      actorUserId: actor.userId,
      targetId: id,
    });
    return row.file;
  }

  /** The worker's side: each section in a transaction of its own, so progress shows while it runs. */
  async prepareExport(organisationId: string, exportId: string): Promise<void> {
    const inTenant = <T>(work: () => Promise<T>) => this.transactions.run({ organisationId }, work);
    const job = await inTenant(() => this.store.exportForJob(exportId));
    if (!job || job.status === 'ready') return; // swept, erased, or done by an earlier attempt
    const subject = await inTenant(() => this.store.findSubject(job.subject_membership_id));
    if (!subject) return;
    const steps = this.exportSteps(subject);
    const sections: ExportSection[] = [];
    for (const [i, step] of steps.entries()) {
      sections.push(...(await inTenant(step)));
      await inTenant(() =>
        this.store.setProgress(exportId, Math.floor(((i + 1) / (steps.length + 1)) * 100)),
      );
    }
    const file = exportArchive(sections);
    await inTenant(() =>
      this.store.storeFile(exportId, file, new Date(Date.now() + EXPORT_VALID_HOURS * 3600_000)),
    );
    this.logger.log({ organisationId, exportId, bytes: file.length }, 'data export ready');
  }

  async markExportFailed(organisationId: string, exportId: string): Promise<void> {
    await this.transactions.run({ organisationId }, () => this.store.markFailed(exportId));
  }

  private exportSteps(subject: SubjectRow): Array<() => Promise<ExportSection[]>> {
    const m = subject.membership_id;
    return [
      async () => {
        const [teams, departments] = await this.store.placements(m);
        const organisation = await this.store.organisationName();
        return [
          {
            name: 'profile',
            rows: {
              userId: subject.user_id,
              email: subject.email,
              displayName: subject.display_name,
              locale: subject.locale,
              accountCreatedAt: subject.account_created_at,
              twoFactorEnabledAt: subject.totp_enabled_at,
            },
          },
          {
            name: 'memberships',
            rows: {
              organisation: organisation.name,
              membershipId: m,
              role: subject.role,
              status: subject.status,
              joinedAt: subject.joined_at,
              deactivatedAt: subject.deactivated_at,
              teams,
              departmentsHeaded: departments,
            },
          },
        ];
      },
      async () => [{ name: 'experiments', rows: await this.store.experiments(m) }],
      async () => [
        { name: 'check-ins', rows: await this.store.checkIns(m) },
        { name: 'comments', rows: await this.store.comments(m) },
        { name: 'lessons', rows: await this.store.lessons(m) },
      ],
      async () => [
        { name: 'notifications', rows: await this.store.notifications(m) },
        { name: 'notification-preferences', rows: (await this.store.notificationPreferences(m)) ?? {} },
      ],
      async () => [{ name: 'audit-events', rows: await this.store.auditEntries(subject.user_id, m) }],
    ];
  }

  // --- erasure -------------------------------------------------------------------------------------------

  /** Irreversible: confirmed by typing the person's name; never the organisation's last active admin. */
  async erase(actor: Actor, membershipId: string, confirmName: string, ip: string): Promise<void> {
    const subject = await this.store.findSubject(membershipId);
    if (!subject) throw new NotFoundException('No such member');
    if (subject.erased_at) throw new ConflictException('This person was erased already');
    if (normalName(confirmName) !== normalName(subject.display_name)) {
      throw new FieldValidationException([
        { field: 'confirmName', rule: 'matches', message: "confirmName must be the person's name as shown" },
      ]);
    }
    const standings = await this.placements.standings();
    if (leavesNoAdmin(standings, { memberId: membershipId, active: false })) {
      throw new ConflictException('The organisation must keep at least one active admin');
    }
    if (!(await this.eraseSubject(subject))) {
      throw new ConflictException(
        'This account also belongs to another organisation: it can be deactivated here, and erased once it is in this organisation only',
      );
    }
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'member.erased',
      actorUserId: actor.userId,
      targetId: membershipId,
      ip,
    });
  }

  /** Erases in the current transaction; false (nothing changed) when the account is in another organisation. */
  private async eraseSubject(subject: SubjectRow): Promise<boolean> {
    const scope = this.db.scope;
    const elsewhere = await this.store.belongsElsewhere(
      subject.user_id,
      (userId) => this.transactions.enter({ userId }),
      () => this.transactions.enter({ userId: scope.userId ?? '' }),
    );
    if (elsewhere) return false;
    await this.store.eraseMembership(subject.membership_id, subject.email);
    await this.placements.endAllPlacements(subject.membership_id);
    await this.store.skipAccountMails(subject.email);
    await this.store.eraseAccount(subject.user_id, FORMER_MEMBER);
    return true;
  }

  // --- retention -----------------------------------------------------------------------------------------

  async retention(): Promise<RetentionDto> {
    const row = await this.store.retention();
    return {
      notificationDays: row.notification_retention_days,
      auditDays: row.audit_retention_days,
      deactivatedAccountDays: row.deactivated_account_retention_days,
    };
  }

  async setRetention(actor: Actor, dto: RetentionDto, ip: string): Promise<RetentionDto> {
    await this.store.setRetention({
      notifications: dto.notificationDays,
      audit: dto.auditDays,
      deactivatedAccounts: dto.deactivatedAccountDays,
    });
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'organisation.updated',
      actorUserId: actor.userId,
      details: { retention: { ...dto } },
      ip,
    });
    return this.retention();
  }

  /** Runs in the organisation's transaction (a tenant job): expired exports go; with `retention`, old data too. */
  async sweep(organisationId: string, retention: boolean): Promise<Record<string, number>> {
    const outcome: Record<string, number> = { exports: await this.store.deleteExpiredExports() };
    if (!retention) return outcome;
    const periods = await this.store.retention();
    outcome['notifications'] = await this.store.deleteOldNotifications(periods.notification_retention_days);
    outcome['auditEvents'] = await this.store.purgeExpiredAuditEvents();
    let erased = 0;
    for (const { id } of await this.store.deactivatedBefore(periods.deactivated_account_retention_days)) {
      const subject = await this.store.findSubject(id);
      if (subject && (await this.eraseSubject(subject))) {
        erased++;
        await this.audit.record({
          organisationId,
          action: 'member.erased',
          targetId: id,
          details: { reason: 'retention' },
        });
      }
    }
    outcome['erased'] = erased;
    return outcome;
  }
}

function normalName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
