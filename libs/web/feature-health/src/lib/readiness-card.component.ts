import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import {
  MatCard,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { CheckDto, ReadinessDto } from '@kaizen/web/data-access-api';
import { StatusChipComponent } from './status-chip.component';

const CHECK_LABELS: Record<CheckDto['name'], string> = {
  database: 'Database',
  queue: 'Queue',
};

@Component({
  selector: 'kz-readiness-card',
  imports: [
    DatePipe,
    DecimalPipe,
    MatCard,
    MatCardContent,
    MatCardHeader,
    MatCardSubtitle,
    MatCardTitle,
    StatusChipComponent,
  ],
  templateUrl: './readiness-card.component.html',
  styleUrls: ['./health-card.scss', './readiness-card.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReadinessCardComponent {
  readonly readiness = input.required<ReadinessDto>();

  protected checkLabel(check: CheckDto): string {
    return CHECK_LABELS[check.name] ?? check.name;
  }
}
