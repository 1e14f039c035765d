import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { PendingApprovalDto } from '@kaizen/web/data-access-api/operations';
import { ApprovalsStore, Decision } from '@kaizen/web/data-access-experiments';
import { FieldErrorPipe, FormSubmit, MessagePipe, MoneyPipe, problemMessage } from '@kaizen/web/ui-kit';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { FORMAT_PIPES, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { ApprovalProofComponent } from './approval-proof.component';
import { DecisionReviewsComponent } from './decision-reviews.component';
import { EnvelopeGaugeComponent } from './envelope-gauge.component';

type DecisionForm = FormGroup<{ reason: FormControl<string> }>;

interface DecisionEntry {
  readonly form: DecisionForm;
  readonly submit: FormSubmit;
}

const reasonLength = Validators.maxLength(2000);

/** The approval inbox: each proposal's plan beside what its envelope keeps after approval, decided in one step. */
@Component({
  selector: 'kz-approvals-page',
  imports: [
    FORMAT_PIPES,
    ApprovalProofComponent,
    DecisionReviewsComponent,
    EnvelopeGaugeComponent,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
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
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;

  private readonly entries = new Map<string, DecisionEntry>();
  /** The proposal and decision being sent right now. */
  protected readonly deciding = signal<{ approvalId: string; decision: Decision } | null>(null);
  protected readonly decided = signal<{ title: string; decision: Decision } | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.error();
    return problem ? problemMessage(problem) : null;
  });

  ngOnInit(): void {
    void this.store.load();
  }

  protected entryFor(item: PendingApprovalDto): DecisionEntry {
    let entry = this.entries.get(item.approvalId);
    if (!entry) {
      const form: DecisionForm = new FormGroup({
        reason: new FormControl('', { nonNullable: true, validators: reasonLength }),
      });
      const submit = new FormSubmit(form, {
        toProblem: toApiProblem,
        host: this.host,
        context: { conflict: 'approvals.conflict', forbidden: 'approvals.forbidden' },
      });
      entry = { form, submit };
      this.entries.set(item.approvalId, entry);
    }
    return entry;
  }

  /** Approving may go without a comment; rejecting and asking for changes need one, so the team knows why. */
  protected async decide(item: PendingApprovalDto, decision: Decision): Promise<void> {
    const { form, submit } = this.entryFor(item);
    const reason = form.controls.reason;
    reason.setValidators(decision === 'approve' ? reasonLength : [Validators.required, reasonLength]);
    reason.updateValueAndValidity();
    this.deciding.set({ approvalId: item.approvalId, decision });
    const done = await submit.run(() => this.store.decide(item, decision, reason.value.trim()));
    this.deciding.set(null);
    if (done) {
      this.decided.set({ title: item.experiment.title, decision });
      this.entries.delete(item.approvalId);
    }
  }
}
