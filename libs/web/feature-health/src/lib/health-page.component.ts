import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { HealthStore } from '@kaizen/web/data-access-api/operations';
import { LanguageService, TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';
import { HeartbeatCardComponent } from './heartbeat-card.component';
import { LivenessCardComponent } from './liveness-card.component';
import { problemText } from './problem-text';
import { ReadinessCardComponent } from './readiness-card.component';

/** Routed container: reads the health store and hands plain values to the cards. */
@Component({
  selector: 'kz-health-page',
  imports: [
    HeartbeatCardComponent,
    LivenessCardComponent,
    MatButton,
    MatProgressBar,
    ReadinessCardComponent,
    TranslatePipe,
  ],
  templateUrl: './health-page.component.html',
  styleUrl: './health-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HealthPageComponent implements OnInit {
  protected readonly store = inject(HealthStore);
  protected readonly language = inject(LanguageService);
  private readonly translate = inject(TranslateService);

  private readonly t = (key: string, params?: Record<string, unknown>): string => {
    this.translate.currentLang(); // re-word on a language switch
    return this.translate.instant(key, params) as string;
  };

  protected readonly errorText = computed(() => problemText(this.store.error(), this.t));
  protected readonly heartbeatErrorText = computed(() => problemText(this.store.heartbeatError(), this.t));

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
