import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@kaizen/web/util-i18n';

/** Where an experiment stands in the loop, as a small labelled chip coloured by PDCA phase. */
@Component({
  selector: 'kz-status-chip',
  imports: [TranslatePipe],
  template: `<span class="kz-chip" [attr.data-phase]="phase()" data-testid="status-chip">{{
    'status.' + status() | translate
  }}</span>`,
  styles: `
    .kz-chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    .kz-chip[data-phase='do'] {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .kz-chip[data-phase='check'] {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .kz-chip[data-phase='act'] {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .kz-chip[data-phase='exit'] {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChipComponent {
  readonly status = input.required<string>();
  protected readonly phase = computed(() => phaseOf(this.status()));
}

/** The PDCA phase a status belongs to; rejected is an exit, not a failure of the person. */
export function phaseOf(status: string): 'plan' | 'do' | 'check' | 'act' | 'exit' {
  switch (status) {
    case 'approved':
    case 'running':
      return 'do';
    case 'concluded':
    case 'stopped':
      return 'check';
    case 'learned':
    case 'closed':
      return 'act';
    case 'rejected':
      return 'exit';
    default:
      return 'plan';
  }
}
