import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  MatCard,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { LivenessDto } from '@kaizen/web/data-access-api';
import { formatDuration } from './format-duration';

@Component({
  selector: 'kz-liveness-card',
  imports: [MatCard, MatCardContent, MatCardHeader, MatCardSubtitle, MatCardTitle],
  templateUrl: './liveness-card.component.html',
  styleUrl: './health-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LivenessCardComponent {
  readonly liveness = input.required<LivenessDto>();

  protected readonly uptime = computed(() => formatDuration(this.liveness().uptimeSeconds));
}
