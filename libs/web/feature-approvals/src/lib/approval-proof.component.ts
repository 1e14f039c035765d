import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import type { DecisionRuleSummaryDto } from '@kaizen/web/data-access-api/measures';
import { ExperimentMeasureStore } from '@kaizen/web/data-access-measures';
import { DecisionRuleComponent, MeasureChartComponent } from '@kaizen/web/ui-measures';

/** What the approver approves besides time and money: the prediction, the rule (or the gap) and the baseline chart. */
@Component({
  selector: 'kz-approval-proof',
  imports: [DecisionRuleComponent, MeasureChartComponent, TranslatePipe],
  providers: [ExperimentMeasureStore],
  template: `
    <div class="kz-approval-proof" data-testid="approval-proof">
      <h3>{{ 'decisions.approval.title' | translate }}</h3>
      <kz-decision-rule [view]="{ state: rule().state, prediction: rule().prediction, rule: rule().rule }" />
      @if (measure.chart(); as chart) {
        <kz-measure-chart [data]="chart" [compact]="true" />
      }
    </div>
  `,
  styles: `
    .kz-approval-proof h3 {
      margin: 0.75rem 0 0.25rem;
      font-size: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApprovalProofComponent {
  readonly experimentId = input.required<string>();
  readonly rule = input.required<DecisionRuleSummaryDto>();

  protected readonly measure = inject(ExperimentMeasureStore);

  constructor() {
    effect(() => {
      const id = this.experimentId();
      // Only a linked measure has a baseline chart to show.
      if (this.rule().measureId) untracked(() => void this.measure.load(id, 'own'));
    });
  }
}
