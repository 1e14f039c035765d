import { DOCUMENT } from '@angular/common';
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
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { SSO_SLUG_PATTERN } from '@kaizen/shared/domain-sso';
import {
  toApiProblem,
  type TwoFactorChallengeDto,
  type TwoFactorEnrolmentDto,
} from '@kaizen/web/data-access-api';
import { SessionStore, safeReturnUrl } from '@kaizen/web/data-access-auth';
import {
  FormMessage,
  applyProblem,
  FieldErrorPipe,
  MessagePipe,
  focusFirstInvalid,
} from '@kaizen/web/ui-kit';

@Component({
  selector: 'kz-sign-in-page',
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
  templateUrl: './sign-in-page.component.html',
  styleUrl: './account-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPageComponent {
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** Where to go after signing in (query parameter); only paths inside the app are followed. */
  readonly returnUrl = input<string | undefined>();

  /** The rule a single sign-on broke, when the API sent the browser back here (query parameter). */
  readonly sso = input<string | undefined>();
  protected readonly ssoError = computed(() => {
    const rule = this.sso();
    if (!rule) return null;
    return SSO_ERRORS.includes(rule) ? `account.sso.errors.${rule}` : 'account.sso.errors.failed';
  });
  private readonly document = inject(DOCUMENT);

  protected readonly ssoForm = inject(NonNullableFormBuilder).group({
    slug: ['', [Validators.required, Validators.pattern(SSO_SLUG_PATTERN)]],
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.maxLength(200)]],
  });
  protected readonly submitting = signal(false);
  protected readonly message = signal<FormMessage | null>(null);

  /** The second step, once the password was right for an account with (or required to have) a second factor. */
  protected readonly challenge = signal<TwoFactorChallengeDto | null>(null);
  protected readonly enrolment = signal<TwoFactorEnrolmentDto | null>(null);
  protected readonly useRecoveryCode = signal(false);
  /** Shown once, after a second factor was set up during this sign-in. */
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly secondForm = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, Validators.pattern(/^\s*(\d\s*){6}$|^[a-zA-Z0-9 -]{10,20}$/)]],
  });

  /** Single sign-on is a full-page round trip through the organisation's provider. */
  protected startSso(): void {
    const control = this.ssoForm.controls.slug;
    control.setValue(control.value.trim().toLowerCase());
    if (control.invalid) {
      control.markAsTouched();
      return;
    }
    this.document.location.assign(`/api/auth/sso/${encodeURIComponent(control.value)}/start`);
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.submitting.set(true);
    this.message.set(null);
    try {
      const challenge = await this.store.signIn(this.form.getRawValue());
      if (challenge) {
        this.challenge.set(challenge);
        return;
      }
      await this.continue();
    } catch (error) {
      this.message.set(
        applyProblem(this.form, toApiProblem(error), {
          unauthorized: 'errors.wrongCredentials',
          forbidden: 'errors.noMembership',
        }),
      );
      focusFirstInvalid(this.host.nativeElement);
    } finally {
      this.submitting.set(false);
    }
  }

  /** For an organisation that requires a second factor: the secret to add to an authenticator app. */
  protected async startEnrolment(): Promise<void> {
    const challenge = this.challenge();
    if (!challenge || this.submitting()) {
      return;
    }
    this.submitting.set(true);
    this.message.set(null);
    try {
      this.enrolment.set(await this.store.startSignInEnrolment(challenge.challengeToken));
    } catch (error) {
      this.expired(error);
    } finally {
      this.submitting.set(false);
    }
  }

  protected toggleRecoveryCode(): void {
    this.useRecoveryCode.update((value) => !value);
    this.secondForm.reset();
  }

  protected async submitSecondFactor(): Promise<void> {
    const challenge = this.challenge();
    if (!challenge || this.submitting()) {
      return;
    }
    if (this.secondForm.invalid) {
      this.secondForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.submitting.set(true);
    this.message.set(null);
    const typed = this.secondForm.getRawValue().code.trim();
    try {
      const codes = await this.store.signInSecondFactor(
        this.useRecoveryCode()
          ? { challengeToken: challenge.challengeToken, recoveryCode: typed }
          : { challengeToken: challenge.challengeToken, code: typed.replace(/\s/g, '') },
      );
      if (codes) {
        this.recoveryCodes.set(codes);
        return;
      }
      await this.continue();
    } catch (error) {
      this.expired(error);
    } finally {
      this.submitting.set(false);
    }
  }

  protected async continue(): Promise<void> {
    await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  /** A wrong code may be tried again; an expired challenge means starting over with the password. */
  private expired(error: unknown): void {
    const problem = toApiProblem(error);
    if (problem.status === 400) {
      this.challenge.set(null);
      this.enrolment.set(null);
      this.message.set({ key: 'account.twoFactor.expired' });
    } else {
      this.message.set(
        applyProblem(this.secondForm, problem, {
          unauthorized: 'account.twoFactor.wrongCode',
        }),
      );
    }
    focusFirstInvalid(this.host.nativeElement);
  }
}

/** The rules the API names when it sends a failed single sign-on back here; each has its own sentence. */
const SSO_ERRORS = [
  'allowedDomain',
  'verified',
  'matchesSignIn',
  'matchesIssuer',
  'clockSkew',
  'valid',
  'discoverable',
  'exists',
];
