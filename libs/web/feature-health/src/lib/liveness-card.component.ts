import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import {
  MatCard,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';
import { LivenessDto } from '@kaizen/web/data-access-api';
import { DurationUnits, formatDuration } from './format-duration';

@Component({
  selector: 'kz-liveness-card',
  imports: [MatCard, MatCardContent, MatCardHeader, MatCardSubtitle, MatCardTitle, TranslatePipe],
  templateUrl: './liveness-card.component.html',
  styleUrl: './health-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LivenessCardComponent {
  readonly liveness = input.required<LivenessDto>();

  private readonly translate = inject(TranslateService);
  private readonly units = this.translate.translate('health.units');

  protected readonly uptime = computed(() =>
    formatDuration(this.liveness().uptimeSeconds, asUnits(this.units())),
  );
}

/** The texts' unit table, or English units while the texts are not loaded yet. */
function asUnits(value: unknown): DurationUnits | undefined {
  return typeof value === 'object' && value !== null && 's' in value ? (value as DurationUnits) : undefined;
}
