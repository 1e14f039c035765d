import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import type { EnvelopeDto } from '@kaizen/web/data-access-api/operations';
import { MoneyPipe } from '@kaizen/web/ui-kit';

/** A budget envelope: what remains, and whether this request still fits in it. */
@Component({
  selector: 'kz-envelope-gauge',
  imports: [MoneyPipe, TranslatePipe],
  template: `
    @if (envelope(); as e) {
      <p class="kz-gauge__title">{{ 'approvals.envelope' | translate: { name: e.scopeName, quarter: e.quarter } }}</p>
      <div class="kz-gauge__row">
        <span>{{ 'approvals.hoursLeft' | translate: { left: e.hoursRemaining, total: e.hoursBudget } }}</span>
        <span class="kz-gauge__bar" aria-hidden="true"><span [style.width.%]="hoursShare()"></span></span>
      </div>
      <div class="kz-gauge__row">
        <span>{{ 'approvals.moneyLeft' | translate: { left: (e.amountRemainingMinor | kzMoney: currency() : language()), total: (e.amountBudgetMinor | kzMoney: currency() : language()) } }}</span>
        <span class="kz-gauge__bar" aria-hidden="true"><span [style.width.%]="moneyShare()"></span></span>
      </div>
      @if (!fits()) {
        <p class="kz-gauge__warn" data-testid="envelope-short">{{ 'approvals.doesNotFit' | translate }}</p>
      } @else {
        <p class="kz-gauge__ok" data-testid="envelope-fits">{{ 'approvals.fits' | translate }}</p>
      }
    } @else {
      <p class="kz-gauge__title" data-testid="envelope-none">{{ 'approvals.noEnvelope' | translate }}</p>
    }
  `,
  styles: `
    :host { display: grid; gap: 6px; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container-low); }
    p { margin: 0; }
    .kz-gauge__title { font: var(--mat-sys-title-small); }
    .kz-gauge__row { display: grid; gap: 4px; font: var(--mat-sys-body-medium); }
    .kz-gauge__bar { display: block; height: 8px; border-radius: 4px; background: var(--mat-sys-surface-container-highest); overflow: hidden; }
    .kz-gauge__bar > span { display: block; height: 100%; background: var(--mat-sys-primary); }
    .kz-gauge__warn { color: var(--mat-sys-error); font: var(--mat-sys-label-large); }
    .kz-gauge__ok { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnvelopeGaugeComponent {
  readonly envelope = input<EnvelopeDto | null>(null);
  readonly hours = input(0);
  readonly amountMinor = input(0);
  readonly currency = input('EUR');
  readonly language = input('en');

  /** Share still available, as the bar shows it. */
  protected readonly hoursShare = computed(() => share(this.envelope()?.hoursRemaining, this.envelope()?.hoursBudget));
  protected readonly moneyShare = computed(() => share(this.envelope()?.amountRemainingMinor, this.envelope()?.amountBudgetMinor));
  protected readonly fits = computed(() => {
    const e = this.envelope();
    return !e || (e.hoursRemaining >= this.hours() && e.amountRemainingMinor >= this.amountMinor());
  });
}

function share(part: number | undefined, whole: number | undefined): number {
  return whole ? Math.max(0, Math.min(100, ((part ?? 0) / whole) * 100)) : 0;
}
