import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal } from '@angular/core';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { AccountRequests } from '@kaizen/web/data-access-people';
import {
  FormMessage,
  applyProblem,
  FieldErrorPipe,
  MessagePipe,
  focusFirstInvalid,
} from '@kaizen/web/ui-kit';

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
  protected readonly submitting = signal(false);
  protected readonly message = signal<FormMessage | null>(null);
  /** The email a link was requested for. */
  protected readonly sentTo = signal<string | null>(null);
  protected readonly done = signal(false);

  protected async request(): Promise<void> {
    if (this.submitting()) {
      return;
    }
    if (this.requestForm.invalid) {
      this.requestForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    await this.run(this.requestForm, async () => {
      const { email } = this.requestForm.getRawValue();
      await this.requests.requestPasswordReset(email);
      this.sentTo.set(email);
    });
  }

  protected async confirm(): Promise<void> {
    const token = this.token();
    if (this.submitting() || !token) {
      return;
    }
    if (this.confirmForm.invalid) {
      this.confirmForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    await this.run(this.confirmForm, async () => {
      await this.store.confirmPasswordReset(token, this.confirmForm.getRawValue().password);
      this.done.set(true);
    });
  }

  private async run(form: FormGroup, task: () => Promise<void>): Promise<void> {
    this.submitting.set(true);
    this.message.set(null);
    try {
      await task();
    } catch (error) {
      this.message.set(applyProblem(form, toApiProblem(error)));
      focusFirstInvalid(this.host.nativeElement);
    } finally {
      this.submitting.set(false);
    }
  }
}
