import { Injectable, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  DecisionInputDto,
  DecisionRuleInputDto,
  DecisionStateDto,
  decideExperiment,
  getExperimentDecision,
  setExperimentDecisionRule,
} from '@kaizen/web/data-access-api/measures';

/**
 * An experiment's proof: its prediction and decision rule, what the data propose at the result, and the team's
 * decision with the approver's review. The API evaluates the rule; the page only shows it. Provided per page.
 */
@Injectable()
export class DecisionStore {
  private readonly api = inject(Api);
  private readonly current = signal<DecisionStateDto | null>(null);
  private experimentId: string | null = null;

  readonly state = new LoadState();
  readonly decision = this.current.asReadonly();

  load(experimentId: string): Promise<boolean> {
    if (this.experimentId !== experimentId) this.current.set(null);
    this.experimentId = experimentId;
    return this.state.track(async () => {
      const state = await this.api.invoke(getExperimentDecision, { id: experimentId });
      if (this.experimentId === experimentId) this.current.set(state);
    });
  }

  /** States the rule of the loaded experiment, or of the one just created (`experimentId`), which it then holds. */
  async setRule(body: DecisionRuleInputDto, experimentId = this.id()): Promise<void> {
    this.experimentId = experimentId;
    this.current.set(await this.api.invoke(setExperimentDecisionRule, { id: experimentId, body }));
  }

  async decide(body: DecisionInputDto): Promise<void> {
    this.current.set(await this.api.invoke(decideExperiment, { id: this.id(), body }));
  }

  private id(): string {
    if (!this.experimentId) throw new Error('DecisionStore: load an experiment first');
    return this.experimentId;
  }
}
