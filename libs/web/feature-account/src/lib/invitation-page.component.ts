import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { InvitationPreviewDto, toApiProblem } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { AccountRequests } from '@kaizen/web/data-access-people';
import {
  FieldErrorPipe,
  FormMessage,
  FormSubmit,
  MessagePipe,
  problemMessage,
} from '@kaizen/web/ui-kit/forms';

type View =
  | { readonly state: 'loading' }
  | { readonly state: 'open'; readonly preview: InvitationPreviewDto }
  | { readonly state: 'gone' }
  | { readonly state: 'failed'; readonly message: FormMessage };

/**
 * The page an invitation mail links to: says who invited you where, then creates the account
 * (name and password) or, when the email already has one, asks for its password.
 */
@Component({
  selector: 'kz-invitation-page',
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
  templateUrl: './invitation-page.component.html',
  styleUrl: './account-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitationPageComponent {
  private readonly store = inject(SessionStore);
  private readonly requests = inject(AccountRequests);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** From the path, /invitations/:token. */
  readonly token = input.required<string>();

  protected readonly view = signal<View>({ state: 'loading' });
  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', [Validators.maxLength(100)]],
    password: ['', [Validators.required, Validators.maxLength(200)]],
  });
  private readonly submitter = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    context: { unauthorized: 'errors.wrongPassword', conflict: 'errors.alreadyMember' },
    host: this.host.nativeElement,
  });
  protected readonly submitting = this.submitter.pending;
  protected readonly message = this.submitter.message;

  constructor() {
    effect(() => void this.load(this.token()));
  }

  protected async accept(preview: InvitationPreviewDto): Promise<void> {
    await this.submitter.run(async () => {
      const { displayName, password } = this.form.getRawValue();
      let challenge;
      try {
        challenge = await this.store.acceptInvitation({
          token: this.token(),
          password,
          ...(preview.accountExists ? {} : { displayName: displayName.trim() }),
        });
      } catch (error) {
        // Used, withdrawn or expired meanwhile: the page says so instead of the form.
        if (toApiProblem(error).status !== 404) throw error;
        this.view.set({ state: 'gone' });
        return;
      }
      // Joined; an account with a second factor then signs in with both steps.
      await this.router.navigateByUrl(challenge ? '/sign-in' : '/');
    });
  }

  private async load(token: string): Promise<void> {
    this.view.set({ state: 'loading' });
    try {
      const preview = await this.requests.previewInvitation(token);
      this.prepareForm(preview);
      this.view.set({ state: 'open', preview });
    } catch (error) {
      const problem = toApiProblem(error);
      this.view.set(
        problem.status === 404 ? { state: 'gone' } : { state: 'failed', message: problemMessage(problem) },
      );
    }
  }

  /** A new account needs a name and a password the API accepts; an existing one only its password. */
  private prepareForm(preview: InvitationPreviewDto): void {
    const { displayName, password } = this.form.controls;
    if (preview.accountExists) {
      displayName.setValidators([Validators.maxLength(100)]);
      password.setValidators([Validators.required, Validators.maxLength(200)]);
    } else {
      displayName.setValidators([Validators.required, Validators.maxLength(100)]);
      password.setValidators([Validators.required, Validators.minLength(10), Validators.maxLength(200)]);
    }
    displayName.updateValueAndValidity();
    password.updateValueAndValidity();
  }
}
