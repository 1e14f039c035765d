import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ProgressDto } from '@kaizen/web/data-access-api/programmes';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

/** A programme's score on the IHI scale with its band and trend; an override says so. */
@Component({
  selector: 'kz-progress-badge',
  imports: [FORMAT_PIPES, TranslatePipe],
  template: `
    <span class="kz-progress" [attr.data-band]="progress().band" data-testid="progress-score">
      <strong>{{ progress().score | kzNumber: 1 }}</strong>
      {{ 'programmes.bands.' + progress().band | translate }}
      <span class="kz-muted" [attr.aria-label]="'programmes.trend.' + progress().trend | translate">
        {{ progress().trend === 'up' ? '↑' : progress().trend === 'down' ? '↓' : '→' }}
      </span>
      @if (progress().override) {
        <span class="kz-chip" data-testid="progress-overridden">{{
          'programmes.override.shown' | translate
        }}</span>
      }
    </span>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProgressBadgeComponent {
  readonly progress = input.required<ProgressDto>();
}
