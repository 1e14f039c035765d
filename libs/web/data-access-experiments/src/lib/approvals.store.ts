import { Injectable, inject, signal } from '@angular/core';
import { allPages, Api, LoadState } from '@kaizen/web/data-access-api';
import {
  ExperimentDto,
  PendingApprovalDto,
  getExperiment,
  listPendingApprovals,
  transitionExperiment,
} from '@kaizen/web/data-access-api/operations';

export type Decision = 'approve' | 'reject' | 'request_changes';

/** The approval inbox: proposals waiting for me, each beside the envelope it would draw from. */
@Injectable({ providedIn: 'root' })
export class ApprovalsStore {
  private readonly api = inject(Api);

  private readonly pendingState = signal<readonly PendingApprovalDto[]>([]);
  private readonly plansState = signal<Readonly<Record<string, ExperimentDto | 'unavailable'>>>({});
  private readonly state = new LoadState();

  readonly pending = this.pendingState.asReadonly();
  readonly loading = this.state.loading;
  /** True once the first load answered: before that an empty inbox is not yet known to be empty. */
  readonly loaded = this.state.loaded;
  readonly error = this.state.error;
  /**
   * Each proposal's plan (problem, hypothesis, measure) by experiment id, read after the inbox:
   * the inbox lists only summaries. Missing while on its way; 'unavailable' when it could not be read.
   */
  readonly plans = this.plansState.asReadonly();

  async load(): Promise<void> {
    await this.state.track(async () =>
      this.pendingState.set(await allPages((page) => this.api.invoke(listPendingApprovals, page))),
    );
    await Promise.all(this.pendingState().map((item) => this.loadPlan(item.experiment.id)));
  }

  private async loadPlan(id: string): Promise<void> {
    let plan: ExperimentDto | 'unavailable';
    try {
      plan = await this.api.invoke(getExperiment, { id });
    } catch {
      plan = 'unavailable';
    }
    this.plansState.update((plans) => ({ ...plans, [id]: plan }));
  }

  /**
   * Decides one proposal with its comment, in one step. Rejects with the HTTP error (a 409 when
   * the envelope no longer covers it or someone else decided first). On success it leaves the inbox.
   */
  async decide(item: PendingApprovalDto, decision: Decision, reason: string): Promise<void> {
    // The inbox's version can be stale after edits; the experiment's own is what the API checks.
    const current = await this.api.invoke(getExperiment, { id: item.experiment.id });
    await this.api.invoke(transitionExperiment, {
      id: item.experiment.id,
      body: { transition: decision, reason, version: current.version },
    });
    this.pendingState.update((list) => list.filter((entry) => entry.approvalId !== item.approvalId));
  }
}
