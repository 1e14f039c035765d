import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatCheckbox, MatCheckboxChange } from '@angular/material/checkbox';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { TwoFactorPolicyStore } from '@kaizen/web/data-access-admin';
import { FormMessage, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';

/** Whether everyone in the organisation must use a second factor at sign-in. */
@Component({
  selector: 'kz-two-factor-policy',
  imports: [MatCheckbox, MessagePipe, TranslatePipe],
  template: `
    <section class="kz-card" aria-labelledby="kz-two-factor-title">
      <h2 id="kz-two-factor-title">{{ 'admin.twoFactor.title' | translate }}</h2>
      <p class="kz-muted">{{ 'admin.twoFactor.intro' | translate }}</p>
      @if (message(); as message) {
        <p class="kz-alert" role="alert">{{ message | kzMessage }}</p>
      }
      @if (store.required() !== null) {
        <mat-checkbox
          [checked]="store.required()"
          [disabled]="busy()"
          (change)="save($event)"
          data-testid="two-factor-required"
        >
          {{ 'admin.twoFactor.required' | translate }}
        </mat-checkbox>
        <p class="kz-muted" role="status" data-testid="two-factor-state">
          {{ (store.required() ? 'admin.twoFactor.on' : 'admin.twoFactor.off') | translate }}
        </p>
      }
    </section>
  `,
  styleUrl: './two-factor-policy.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TwoFactorPolicyComponent implements OnInit {
  protected readonly store = inject(TwoFactorPolicyStore);
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly busy = signal(false);

  async ngOnInit(): Promise<void> {
    try {
      await this.store.load();
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }

  protected async save(change: MatCheckboxChange): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      await this.store.save(change.checked);
    } catch (error) {
      // The toggle shows what is stored, not what was tried.
      change.source.checked = this.store.required() ?? false;
      this.message.set(problemMessage(toApiProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
