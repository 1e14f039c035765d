import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatChip, MatChipAvatar } from '@angular/material/chips';

/** A read-only chip for a good or bad state. The projected text carries the meaning; colour only adds to it. */
@Component({
  selector: 'kz-status-chip',
  imports: [MatChip, MatChipAvatar],
  template: `
    <mat-chip class="kz-status-chip" [class.kz-status-chip--bad]="!good()" disableRipple>
      <svg matChipAvatar viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        @if (good()) {
          <path fill="currentColor" d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" />
        } @else {
          <path
            fill="currentColor"
            d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"
          />
        }
      </svg>
      <ng-content />
    </mat-chip>
  `,
  styleUrl: './status-chip.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChipComponent {
  readonly good = input.required<boolean>();
}
