import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@kaizen/api/data-access-auth';
import { FieldValidationException } from '@kaizen/api/util-core';
import { quarterOf } from '@kaizen/shared/domain-experiment';
import type { CreateEnvelopeDto, EnvelopeDto, PendingApprovalDto, UpdateEnvelopeDto } from './budget.dto';
import { BudgetsRepository } from './budgets.repository';
import { ExperimentsRepository } from './experiments.repository';
import { summaryOf } from './experiments.service';

/** Budget envelopes and the approval inbox. */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly experiments: ExperimentsRepository,
  ) {}

  list(quarter?: string): Promise<EnvelopeDto[]> {
    return this.budgets.list(quarter);
  }

  async get(id: string): Promise<EnvelopeDto> {
    return (await this.budgets.find(id)) ?? Promise.reject(new NotFoundException('No such budget envelope in this organisation'));
  }

  async create(dto: CreateEnvelopeDto): Promise<EnvelopeDto> {
    if (Boolean(dto.teamId) === Boolean(dto.departmentId)) {
      throw new FieldValidationException([{ field: 'teamId', rule: 'exactlyOne', message: 'give either teamId or departmentId' }]);
    }
    const id = uuidv7();
    try {
      await this.budgets.create({ id, ...dto });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23505') throw new ConflictException(`There already is an envelope for that ${dto.teamId ? 'team' : 'department'} in ${dto.quarter}`);
      if (code === '23503') {
        const field = dto.teamId ? 'teamId' : 'departmentId';
        throw new FieldValidationException([{ field, rule: 'exists', message: `${field} names nothing here` }]);
      }
      throw error;
    }
    return this.get(id);
  }

  async resize(id: string, dto: UpdateEnvelopeDto): Promise<EnvelopeDto> {
    await this.get(id);
    const outcome = await this.budgets.resize(id, dto.version, dto.hoursBudget, dto.amountBudgetMinor);
    if (outcome === 'stale') throw new ConflictException('The envelope was changed by someone else; reload it and try again');
    if (outcome === 'below_committed') throw new ConflictException('An envelope cannot shrink below what it already approved');
    return this.get(id);
  }

  /** Proposals waiting for this person's decision, each with the envelope it would draw from. */
  async inbox(actor: Actor): Promise<PendingApprovalDto[]> {
    const pending = await this.budgets.pendingFor(actor.membershipId, actor.role === 'org_admin');
    const { timeZone } = await this.experiments.settings();
    const result: PendingApprovalDto[] = [];
    for (const { experimentId, ...approval } of pending) {
      const experiment = await this.experiments.find(experimentId);
      if (!experiment) continue;
      const quarter = quarterOf(experiment.plannedStart ? new Date(`${experiment.plannedStart}T12:00:00Z`) : new Date(), timeZone);
      result.push({ ...approval, experiment: summaryOf(experiment), envelope: await this.budgets.envelopeFor(experiment.teamId, quarter) });
    }
    return result;
  }
}
