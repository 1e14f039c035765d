import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

/** The parts of a stated prediction and rule this view shows; the API's summary and decision state both fit. */
export interface DecisionRuleView {
  state: 'missing' | 'proposed' | 'approved';
  prediction: { direction: 'increase' | 'decrease'; size?: number | null; by?: string | null } | null;
  rule: {
    withinPeriods: number;
    onSignal?: string;
    onNoSignal?: string;
    otherwise?: string;
    wording?: { adopt?: string; adapt?: string; abandon?: string };
  } | null;
}

/** A proposal's prediction and decision rule in words, or the gap when it states none: on the approval card and the experiment. */
@Component({
  selector: 'kz-decision-rule',
  imports: [FORMAT_PIPES, TranslatePipe],
  template: `
    @let v = view();
    <div class="kz-decision-rule" [attr.data-testid]="'decision-rule-' + v.state">
      @if (v.prediction && v.rule) {
        <p class="kz-decision-rule__state">
          <span class="kz-badge">{{ 'decisions.state.' + v.state | translate }}</span>
        </p>
        <p data-testid="decision-prediction">
          {{ 'decisions.prediction.' + v.prediction.direction | translate }}
          @if (v.prediction.size) {
            {{ 'decisions.prediction.size' | translate: { size: v.prediction.size } }}
          }
          @if (v.prediction.by) {
            {{ 'decisions.prediction.by' | translate: { by: (v.prediction.by | kzDay) } }}
          }
        </p>
        <ul class="kz-decision-rule__outcomes" data-testid="decision-rule-text">
          <li>
            {{
              'decisions.rule.onSignal'
                | translate
                  : { n: v.rule.withinPeriods, decision: wordingOf(v.rule.onSignal ?? 'adopt') | translate }
            }}
          </li>
          <li>
            {{
              'decisions.rule.onNoSignal'
                | translate: { decision: wordingOf(v.rule.onNoSignal ?? 'abandon') | translate }
            }}
          </li>
          <li>
            {{
              'decisions.rule.otherwise'
                | translate: { decision: wordingOf(v.rule.otherwise ?? 'adapt') | translate }
            }}
          </li>
        </ul>
      } @else {
        <p class="kz-alert kz-alert--gap" role="note" data-testid="decision-rule-gap">
          {{ 'decisions.gap' | translate }}
        </p>
      }
    </div>
  `,
  styles: `
    .kz-decision-rule__outcomes {
      margin: 0.25rem 0 0;
      padding-left: 1.25rem;
    }
    .kz-decision-rule__state {
      margin: 0 0 0.25rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DecisionRuleComponent {
  readonly view = input.required<DecisionRuleView>();

  /** The team's own wording of an outcome where it gave one, else the outcome's name (a translation key). */
  protected wordingOf(decision: string): string {
    const own = this.view().rule?.wording?.[decision as 'adopt' | 'adapt' | 'abandon'];
    return own ? own : `recommendation.${decision}`;
  }
}
