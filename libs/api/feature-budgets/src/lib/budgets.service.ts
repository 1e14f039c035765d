import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { FieldValidationException, mapPage, type Page, type PageQueryDto } from '@kaizen/api/util-core';
import { quarterOf } from '@kaizen/shared/domain-experiment';
import {
  envelopeDto,
  EnvelopesRepository,
  ExperimentsRepository,
  settingsOf,
  type EnvelopeDto,
} from '@kaizen/api/data-access-experiments';
import type {
  CreateEnvelopeDto,
  EnvelopeQueryDto,
  PendingApprovalDto,
  UpdateEnvelopeDto,
} from './budget.dto';
import { BudgetsRepository } from './budgets.repository';
import { pendingApprovalOf } from './budgets.mappers';

/** Budget envelopes and the approval inbox. */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly envelopes: EnvelopesRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(query: EnvelopeQueryDto): Promise<Page<EnvelopeDto>> {
    return mapPage(await this.budgets.list(query), envelopeDto);
  }

  async get(id: string): Promise<EnvelopeDto> {
    const row = await this.envelopes.find(id);
    if (!row) throw new NotFoundException('No such budget envelope in this organisation');
    return envelopeDto(row);
  }

  async create(dto: CreateEnvelopeDto): Promise<EnvelopeDto> {
    if (Boolean(dto.teamId) === Boolean(dto.departmentId)) {
      throw new FieldValidationException([
        { field: 'teamId', rule: 'exactlyOne', message: 'give either teamId or departmentId' },
      ]);
    }
    const id = uuidv7();
    try {
      await this.budgets.create({ id, ...dto });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23505')
        throw new ConflictException(
          `There already is an envelope for that ${dto.teamId ? 'team' : 'department'} in ${dto.quarter}`,
        );
      if (code === '23503') {
        const field = dto.teamId ? 'teamId' : 'departmentId';
        throw new FieldValidationException([
          { field, rule: 'exists', message: `${field} names nothing here` },
        ]);
      }
      throw error;
    }
    const after = await this.get(id);
    await this.audit.record({ action: 'envelope.created', targetId: id, after });
    return after;
  }

  async resize(id: string, dto: UpdateEnvelopeDto): Promise<EnvelopeDto> {
    const before = await this.get(id);
    const outcome = await this.budgets.resize(id, dto.version, dto.hoursBudget, dto.amountBudgetMinor);
    if (outcome === 'stale')
      throw new ConflictException('The envelope was changed by someone else; reload it and try again');
    if (outcome === 'below_committed')
      throw new ConflictException('An envelope cannot shrink below what it already approved');
    const after = await this.get(id);
    await this.audit.record({ action: 'envelope.resized', targetId: id, before, after });
    return after;
  }

  /** Proposals waiting for this person's decision, each with the envelope it would draw from: three queries, however many. */
  async inbox(actor: Actor, page: PageQueryDto): Promise<Page<PendingApprovalDto>> {
    const { items, nextCursor } = await this.budgets.pendingFor(actor.membershipId, page);
    const pending = items.map(pendingApprovalOf);
    if (pending.length === 0) return { items: [], nextCursor };
    const { timeZone } = settingsOf(await this.experiments.settings());
    const now = new Date();
    const envelopes = await this.budgets.envelopesFor(
      pending.map(({ experiment }) => ({
        teamId: experiment.teamId,
        quarter: quarterOf(
          experiment.plannedStart ? new Date(`${experiment.plannedStart}T12:00:00Z`) : now,
          timeZone,
        ),
      })),
    );
    return {
      items: pending.map((approval, i) => {
        const envelope = envelopes[i];
        return { ...approval, envelope: envelope ? envelopeDto(envelope) : null };
      }),
      nextCursor,
    };
  }
}
