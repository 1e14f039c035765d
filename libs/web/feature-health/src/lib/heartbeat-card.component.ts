import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MatCard,
  MatCardActions,
  MatCardContent,
  MatCardHeader,
  MatCardSubtitle,
  MatCardTitle,
} from '@angular/material/card';
import { HeartbeatDto } from '@kaizen/web/data-access-api';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

@Component({
  selector: 'kz-heartbeat-card',
  imports: [
    FORMAT_PIPES,
    MatButton,
    MatCard,
    MatCardActions,
    MatCardContent,
    MatCardHeader,
    MatCardSubtitle,
    MatCardTitle,
    TranslatePipe,
  ],
  templateUrl: './heartbeat-card.component.html',
  styleUrls: ['./health-card.scss', './heartbeat-card.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HeartbeatCardComponent {
  readonly result = input<HeartbeatDto | null>(null);
  readonly sending = input(false);
  readonly error = input<string | null>(null);
  /** Locale for numbers, e.g. 'nl' writes 1.234 where 'en' writes 1,234. */
  readonly locale = input('en');
  readonly send = output<void>();
}
