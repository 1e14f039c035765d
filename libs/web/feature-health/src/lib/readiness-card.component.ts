import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import {
  MatCard,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { ReadinessDto } from '@kaizen/web/data-access-api';
import { StatusChipComponent } from './status-chip.component';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

@Component({
  selector: 'kz-readiness-card',
  imports: [
    FORMAT_PIPES,
    MatCard,
    MatCardContent,
    MatCardHeader,
    MatCardSubtitle,
    MatCardTitle,
    StatusChipComponent,
    TranslatePipe,
  ],
  templateUrl: './readiness-card.component.html',
  styleUrls: ['./health-card.scss', './readiness-card.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReadinessCardComponent {
  readonly readiness = input.required<ReadinessDto>();
  /** Locale for numbers and dates; its data must be registered (LanguageService does). */
  readonly locale = input('en');
}
