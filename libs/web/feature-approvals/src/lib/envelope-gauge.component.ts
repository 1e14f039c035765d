import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import type { EnvelopeDto } from '@kaizen/web/data-access-api/operations';
import { MoneyPipe } from '@kaizen/web/ui-kit';
import { envelopeAfter } from './envelope-after';

/** A budget envelope: what it would have left after approving this request, and whether the request fits. */
@Component({
  selector: 'kz-envelope-gauge',
  imports: [MoneyPipe, TranslatePipe],
  template: `
    @if (envelope(); as e) {
      @let a = after()!;
      <p class="kz-gauge__title">
        {{ 'approvals.envelope' | translate: { name: e.scopeName, quarter: e.quarter } }}
      </p>
      <div class="kz-gauge__row" data-testid="envelope-hours">
        <span class="kz-gauge__after">{{
          'approvals.hoursAfter' | translate: { left: a.hoursLeft, total: e.hoursBudget }
        }}</span>
        <span class="kz-gauge__bar" aria-hidden="true">
          <span class="kz-gauge__used" [style.width.%]="a.hoursShares.committed"></span>
          <span class="kz-gauge__request" [style.width.%]="a.hoursShares.request"></span>
        </span>
        <span class="kz-gauge__now">{{ 'approvals.hoursNow' | translate: { left: e.hoursRemaining } }}</span>
      </div>
      <div class="kz-gauge__row" data-testid="envelope-money">
        <span class="kz-gauge__after">{{
          'approvals.moneyAfter'
            | translate
              : {
                  left: (a.amountLeftMinor | kzMoney: currency() : language()),
                  total: (e.amountBudgetMinor | kzMoney: currency() : language()),
                }
        }}</span>
        <span class="kz-gauge__bar" aria-hidden="true">
          <span class="kz-gauge__used" [style.width.%]="a.amountShares.committed"></span>
          <span class="kz-gauge__request" [style.width.%]="a.amountShares.request"></span>
        </span>
        <span class="kz-gauge__now">{{
          'approvals.moneyNow'
            | translate: { left: (e.amountRemainingMinor | kzMoney: currency() : language()) }
        }}</span>
      </div>
      @if (!a.fits) {
        <p class="kz-gauge__warn" data-testid="envelope-short">{{ 'approvals.doesNotFit' | translate }}</p>
      } @else {
        <p class="kz-gauge__ok" data-testid="envelope-fits">{{ 'approvals.fits' | translate }}</p>
      }
    } @else {
      <p class="kz-gauge__title" data-testid="envelope-none">{{ 'approvals.noEnvelope' | translate }}</p>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 10px;
      align-content: start;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
    }
    p {
      margin: 0;
    }
    .kz-gauge__title {
      font: var(--mat-sys-title-small);
    }
    .kz-gauge__row {
      display: grid;
      gap: 4px;
      font: var(--mat-sys-body-medium);
    }
    .kz-gauge__after {
      font: var(--mat-sys-label-large);
    }
    .kz-gauge__now {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .kz-gauge__bar {
      display: flex;
      height: 8px;
      border-radius: 4px;
      background: var(--mat-sys-surface-container-highest);
      overflow: hidden;
    }
    .kz-gauge__used {
      background: var(--mat-sys-outline);
    }
    .kz-gauge__request {
      background: var(--mat-sys-primary);
    }
    .kz-gauge__warn {
      color: var(--mat-sys-error);
      font: var(--mat-sys-label-large);
    }
    .kz-gauge__ok {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnvelopeGaugeComponent {
  readonly envelope = input<EnvelopeDto | null>(null);
  readonly hours = input(0);
  readonly amountMinor = input(0);
  readonly currency = input('EUR');
  readonly language = input('en');

  protected readonly after = computed(() => {
    const e = this.envelope();
    return e ? envelopeAfter(e, this.hours(), this.amountMinor()) : null;
  });
}
