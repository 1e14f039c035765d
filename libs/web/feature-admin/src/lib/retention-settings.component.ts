import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { RetentionStore } from '@kaizen/web/data-access-admin';
import { FieldErrorPipe, FormMessage, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';

/** The API's allowed ranges (RetentionDto), shown as hints and checked before sending. */
const RANGES = {
  notificationDays: { min: 30, max: 3650 },
  auditDays: { min: 180, max: 3650 },
  deactivatedAccountDays: { min: 30, max: 3650 },
} as const;

type RetentionField = keyof typeof RANGES;

/** How long the organisation keeps notifications, audit entries and deactivated accounts. */
@Component({
  selector: 'kz-retention-settings',
  imports: [
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatSuffix,
    MessagePipe,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  template: `
    <section class="kz-card" aria-labelledby="kz-retention-title">
      <h2 id="kz-retention-title">{{ 'admin.retention.title' | translate }}</h2>
      <p class="kz-muted">{{ 'admin.retention.intro' | translate }}</p>
      @if (message(); as message) {
        <p class="kz-alert" role="alert">{{ message | kzMessage }}</p>
      }
      @if (saved()) {
        <p class="kz-muted" role="status">{{ 'admin.retention.saved' | translate }}</p>
      }
      <form class="kz-retention-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        @for (field of fields; track field) {
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'admin.retention.' + field | translate }}</mat-label>
            <input
              matInput
              type="number"
              inputmode="numeric"
              [min]="ranges[field].min"
              [max]="ranges[field].max"
              [formControlName]="field"
              [attr.data-testid]="'retention-' + field"
            />
            <span matTextSuffix>{{ 'admin.retention.days' | translate }}</span>
            <mat-hint>{{ 'admin.retention.range' | translate: ranges[field] }}</mat-hint>
            <mat-error>{{
              form.controls[field].hasError('server')
                ? (form.controls[field] | kzFieldError)
                : ('admin.retention.range' | translate: ranges[field])
            }}</mat-error>
          </mat-form-field>
        }
        <div>
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="retention-submit">
            {{ 'common.save' | translate }}
          </button>
        </div>
      </form>
    </section>
  `,
  styleUrl: './retention-settings.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RetentionSettingsComponent implements OnInit {
  private readonly store = inject(RetentionStore);
  protected readonly ranges = RANGES;
  protected readonly fields = Object.keys(RANGES) as RetentionField[];
  protected readonly saved = signal(false);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    notificationDays: this.days('notificationDays'),
    auditDays: this.days('auditDays'),
    deactivatedAccountDays: this.days('deactivatedAccountDays'),
  });
  private readonly submitter = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
  });
  protected readonly busy = this.submitter.pending;
  private readonly loadMessage = signal<FormMessage | null>(null);
  protected readonly message = computed(() => this.loadMessage() ?? this.submitter.message());

  async ngOnInit(): Promise<void> {
    try {
      await this.store.load();
      const current = this.store.retention();
      if (current) this.form.setValue(current);
    } catch (error) {
      this.loadMessage.set(problemMessage(toApiProblem(error)));
    }
  }

  protected async save(): Promise<void> {
    this.loadMessage.set(null);
    this.saved.set(false);
    await this.submitter.run(async () => {
      await this.store.save(this.form.getRawValue());
      this.saved.set(true);
    });
  }

  private days(field: RetentionField) {
    const { min, max } = RANGES[field];
    return this.fb.control(0, [Validators.required, Validators.min(min), Validators.max(max), integer]);
  }
}

function integer(control: { value: unknown }): { integer: true } | null {
  return Number.isInteger(control.value) ? null : { integer: true };
}
