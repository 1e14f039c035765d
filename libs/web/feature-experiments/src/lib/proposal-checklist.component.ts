import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@kaizen/web/util-i18n';

/** Everything a good proposal states, in the order the form asks for it. */
export const PROPOSAL_FIELDS = [
  'problem',
  'hypothesis.change',
  'hypothesis.outcome',
  'hypothesis.measure',
  'metric.name',
  'metric.unit',
  'metric.baseline',
  'metric.target',
  'metric.direction',
  'plan.start',
  'plan.end',
] as const;

/** What a proposal still lacks (the domain's proposalGaps), ticked off as the form fills in. */
@Component({
  selector: 'kz-proposal-checklist',
  imports: [TranslatePipe],
  template: `
    <h2 class="kz-check__title" id="kz-checklist-title">{{ 'experiment.form.checklist' | translate }}</h2>
    <p class="kz-check__summary" role="status" data-testid="checklist-summary">
      @if (missing() === 0) {
        {{ 'experiment.form.ready' | translate }}
      } @else {
        {{ 'experiment.form.missing' | translate: { count: missing() } }}
      }
    </p>
    <ul class="kz-check__list" aria-labelledby="kz-checklist-title">
      @for (item of items(); track item.field) {
        <li [class.kz-check--done]="item.done" [attr.data-field]="item.field">
          <span aria-hidden="true">{{ item.done ? '✓' : '○' }}</span>
          <span>{{ 'experiment.gaps.' + item.field | translate }}</span>
          <span class="kz-visually-hidden">{{
            (item.done ? 'experiment.form.done' : 'experiment.form.todo') | translate
          }}</span>
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: grid;
      gap: 8px;
    }
    .kz-check__title {
      font: var(--mat-sys-title-medium);
      margin: 0;
    }
    .kz-check__summary {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .kz-check__list {
      display: grid;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-medium);
    }
    .kz-check__list li {
      display: flex;
      gap: 8px;
      color: var(--mat-sys-on-surface);
    }
    .kz-check__list li.kz-check--done {
      color: var(--mat-sys-on-surface-variant);
      text-decoration: line-through;
    }
    .kz-visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProposalChecklistComponent {
  readonly gaps = input.required<readonly string[]>();
  protected readonly items = computed(() =>
    PROPOSAL_FIELDS.map((field) => ({ field, done: !this.gaps().includes(field) })),
  );
  protected readonly missing = computed(() => this.gaps().length);
}
