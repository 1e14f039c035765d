import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { PendingApprovalDto } from '@kaizen/web/data-access-api/operations';
import { ApprovalsStore, Decision } from '@kaizen/web/data-access-experiments';
import { FieldErrorPipe, FormMessage, MessagePipe, MoneyPipe, applyProblem, problemMessage } from '@kaizen/web/ui-kit';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { FORMAT_PIPES, LanguageService } from '@kaizen/web/util-i18n';
import { EnvelopeGaugeComponent } from './envelope-gauge.component';

type DecisionForm = FormGroup<{ decision: FormControl<Decision | ''>; reason: FormControl<string> }>;

/** The approval inbox: each proposal beside its envelope, decided with a comment in one step. */
@Component({
  selector: 'kz-approvals-page',
  imports: [
    FORMAT_PIPES,
    EnvelopeGaugeComponent,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    MoneyPipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './approvals-page.component.html',
  styleUrl: './approvals-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApprovalsPageComponent implements OnInit {
  protected readonly store = inject(ApprovalsStore);
  protected readonly language = inject(LanguageService);
  protected readonly session = inject(SessionStore);
  protected readonly decisions: readonly Decision[] = ['approve', 'request_changes', 'reject'];

  private readonly forms = new Map<string, DecisionForm>();
  protected readonly messages = signal<Readonly<Record<string, FormMessage | null>>>({});
  protected readonly deciding = signal<string | null>(null);
  protected readonly decided = signal<{ title: string; decision: Decision } | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.error();
    return problem ? problemMessage(problem) : null;
  });

  ngOnInit(): void {
    void this.store.load();
  }

  protected formFor(item: PendingApprovalDto): DecisionForm {
    let form = this.forms.get(item.approvalId);
    if (!form) {
      form = new FormGroup({
        decision: new FormControl<Decision | ''>('', { nonNullable: true, validators: Validators.required }),
        reason: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(2000)] }),
      });
      this.forms.set(item.approvalId, form);
    }
    return form;
  }

  protected async decide(item: PendingApprovalDto): Promise<void> {
    const form = this.formFor(item);
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    const { decision, reason } = form.getRawValue();
    this.deciding.set(item.approvalId);
    this.messages.update((m) => ({ ...m, [item.approvalId]: null }));
    try {
      await this.store.decide(item, decision as Decision, reason.trim());
      this.decided.set({ title: item.experiment.title, decision: decision as Decision });
      this.forms.delete(item.approvalId);
    } catch (error) {
      const message = applyProblem(form, toApiProblem(error), { conflict: 'approvals.conflict', forbidden: 'approvals.forbidden' });
      this.messages.update((m) => ({ ...m, [item.approvalId]: message }));
    } finally {
      this.deciding.set(null);
    }
  }
}
