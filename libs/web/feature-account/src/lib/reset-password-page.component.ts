import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { AccountRequests } from '@kaizen/web/data-access-people';
import { FieldErrorPipe, FormSubmit, MessagePipe } from '@kaizen/web/ui-kit/forms';

/**
 * Without a token: asks for the email and sends a reset link (the answer never says whether the
 * email has an account). With `?token=` from that link: sets the new password.
 */
@Component({
  selector: 'kz-reset-password-page',
  imports: [
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './reset-password-page.component.html',
  styleUrl: './account-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordPageComponent {
  private readonly store = inject(SessionStore);
  private readonly requests = inject(AccountRequests);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly forms = inject(NonNullableFormBuilder);

  /** The token from the emailed link (query parameter). */
  readonly token = input<string | undefined>();

  protected readonly requestForm = this.forms.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });
  protected readonly confirmForm = this.forms.group({
    password: ['', [Validators.required, Validators.minLength(10), Validators.maxLength(200)]],
  });
  private readonly requestSubmit = new FormSubmit(this.requestForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  private readonly confirmSubmit = new FormSubmit(this.confirmForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  protected readonly submitting = computed(
    () => this.requestSubmit.pending() || this.confirmSubmit.pending(),
  );
  protected readonly message = computed(() => this.requestSubmit.message() ?? this.confirmSubmit.message());
  /** The email a link was requested for. */
  protected readonly sentTo = signal<string | null>(null);
  protected readonly done = signal(false);

  protected async request(): Promise<void> {
    await this.requestSubmit.run(async () => {
      const { email } = this.requestForm.getRawValue();
      await this.requests.requestPasswordReset(email);
      this.sentTo.set(email);
    });
  }

  protected async confirm(): Promise<void> {
    const token = this.token();
    if (!token) {
      return;
    }
    await this.confirmSubmit.run(async () => {
      await this.store.confirmPasswordReset(token, this.confirmForm.getRawValue().password);
      this.done.set(true);
    });
  }
}
