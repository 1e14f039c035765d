import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { HealthStore } from '@kaizen/web/data-access-api';
import { HeartbeatCardComponent } from './heartbeat-card.component';
import { LivenessCardComponent } from './liveness-card.component';
import { ReadinessCardComponent } from './readiness-card.component';

/** Routed container: reads the health store and hands plain values to the cards. */
@Component({
  selector: 'kz-health-page',
  imports: [HeartbeatCardComponent, LivenessCardComponent, MatButton, MatProgressBar, ReadinessCardComponent],
  templateUrl: './health-page.component.html',
  styleUrl: './health-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HealthPageComponent implements OnInit {
  protected readonly store = inject(HealthStore);

  ngOnInit(): void {
    void this.store.load();
  }

  protected refresh(): void {
    void this.store.load();
  }

  protected sendHeartbeat(): void {
    void this.store.sendHeartbeat();
  }
}
