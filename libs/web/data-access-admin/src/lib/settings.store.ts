import { Injectable, inject, signal } from '@angular/core';
import { allPages, Api, ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import {
  CreateEnvelopeDto,
  EnvelopeDto,
  OrganisationDto,
  UpdateOrganisationDto,
  createBudgetEnvelope,
  getOrganisation,
  listBudgetEnvelopes,
  resizeBudgetEnvelope,
  updateOrganisation,
} from '@kaizen/web/data-access-api/operations';

/** Organisation settings (thresholds) and budget envelopes, for the admin pages. */
@Injectable({ providedIn: 'root' })
export class SettingsStore {
  private readonly api = inject(Api);

  private readonly organisationState = signal<OrganisationDto | null>(null);
  private readonly envelopesState = signal<readonly EnvelopeDto[]>([]);
  private readonly errorState = signal<ApiProblem | null>(null);

  readonly organisation = this.organisationState.asReadonly();
  readonly envelopes = this.envelopesState.asReadonly();
  readonly error = this.errorState.asReadonly();

  async loadOrganisation(): Promise<void> {
    await this.guard(async () => this.organisationState.set(await this.api.invoke(getOrganisation)));
  }

  async loadEnvelopes(): Promise<void> {
    await this.guard(async () =>
      this.envelopesState.set(await allPages((page) => this.api.invoke(listBudgetEnvelopes, page))),
    );
  }

  async updateOrganisation(body: Omit<UpdateOrganisationDto, 'version'>): Promise<void> {
    const current = this.organisationState();
    if (!current) throw new Error('organisation not loaded');
    this.organisationState.set(
      await this.api.invoke(updateOrganisation, { body: { ...body, version: current.version } }),
    );
  }

  async createEnvelope(body: CreateEnvelopeDto): Promise<void> {
    const envelope = await this.api.invoke(createBudgetEnvelope, { body });
    this.envelopesState.update((list) => [...list, envelope]);
  }

  async resizeEnvelope(envelope: EnvelopeDto, hoursBudget: number, amountBudgetMinor: number): Promise<void> {
    const updated = await this.api.invoke(resizeBudgetEnvelope, {
      id: envelope.id,
      body: { hoursBudget, amountBudgetMinor, version: envelope.version },
    });
    this.envelopesState.update((list) => list.map((e) => (e.id === updated.id ? updated : e)));
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.errorState.set(null);
    try {
      await work();
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    }
  }
}
