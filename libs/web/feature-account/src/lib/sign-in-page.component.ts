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
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { SSO_SLUG_PATTERN } from '@kaizen/shared/domain-sso';
import {
  toApiProblem,
  type TwoFactorChallengeDto,
  type TwoFactorEnrolmentDto,
} from '@kaizen/web/data-access-api';
import { SessionStore, safeReturnUrl } from '@kaizen/web/data-access-auth';
import { BoundFieldDirective, TextControl, TextForm, textRules } from '@kaizen/web/ui-kit/bound-field';
import {
  FieldErrorPipe,
  FormMessage,
  FormSubmit,
  MessagePipe,
  focusFirstInvalid,
  problemMessage,
} from '@kaizen/web/ui-kit/forms';

@Component({
  selector: 'kz-sign-in-page',
  imports: [
    BoundFieldDirective,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatLabel,
    MessagePipe,
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

  // Text forms, not reactive ones: most first loads land here, and @angular/forms would be 10 kB of the page.
  protected readonly ssoForm = new TextForm({
    slug: new TextControl('', [textRules.required, textRules.pattern(SSO_SLUG_PATTERN)]),
  });

  protected readonly form = new TextForm({
    email: new TextControl('', [textRules.required, textRules.email, textRules.maxLength(254)]),
    password: new TextControl('', [textRules.required, textRules.maxLength(200)]),
  });

  /** The second step, once the password was right for an account with (or required to have) a second factor. */
  protected readonly challenge = signal<TwoFactorChallengeDto | null>(null);
  protected readonly enrolment = signal<TwoFactorEnrolmentDto | null>(null);
  protected readonly useRecoveryCode = signal(false);
  /** Shown once, after a second factor was set up during this sign-in. */
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly secondForm = new TextForm({
    code: new TextControl('', [
      textRules.required,
      textRules.pattern(/^\s*(\d\s*){6}$|^[a-zA-Z0-9 -]{10,20}$/),
    ]),
  });

  /** Each step's form submits through its own FormSubmit; the page says one message at a time. */
  private readonly passwordStep = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    context: { unauthorized: 'errors.wrongCredentials', forbidden: 'errors.noMembership' },
    host: this.host.nativeElement,
  });
  private readonly codeStep = new FormSubmit(this.secondForm, {
    toProblem: toApiProblem,
    context: { unauthorized: 'account.twoFactor.wrongCode' },
    host: this.host.nativeElement,
  });
  private readonly enrolling = signal(false);
  /** What no form's submit says: the challenge expired, or starting the enrolment failed. */
  private readonly notice = signal<FormMessage | null>(null);
  protected readonly submitting = computed(
    () => this.passwordStep.pending() || this.codeStep.pending() || this.enrolling(),
  );
  protected readonly message = computed(
    () => this.notice() ?? (this.challenge() ? this.codeStep.message() : this.passwordStep.message()),
  );

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
    if (this.submitting()) return;
    this.notice.set(null);
    await this.passwordStep.run(async () => {
      const challenge = await this.store.signIn(this.form.value());
      if (challenge) {
        this.challenge.set(challenge);
        return;
      }
      await this.continue();
    });
  }

  /** For an organisation that requires a second factor: the secret to add to an authenticator app. */
  protected async startEnrolment(): Promise<void> {
    const challenge = this.challenge();
    if (!challenge || this.submitting()) return;
    this.enrolling.set(true);
    this.notice.set(null);
    try {
      this.enrolment.set(await this.store.startSignInEnrolment(challenge.challengeToken));
    } catch (error) {
      if (!this.expired(error))
        this.notice.set(problemMessage(toApiProblem(error), { unauthorized: 'account.twoFactor.wrongCode' }));
      focusFirstInvalid(this.host.nativeElement);
    } finally {
      this.enrolling.set(false);
    }
  }

  protected toggleRecoveryCode(): void {
    this.useRecoveryCode.update((value) => !value);
    this.secondForm.reset();
  }

  protected async submitSecondFactor(): Promise<void> {
    const challenge = this.challenge();
    if (!challenge || this.submitting()) return;
    this.notice.set(null);
    await this.codeStep.run(async () => {
      const typed = this.secondForm.value().code.trim();
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
      } catch (error) {
        if (!this.expired(error)) throw error;
        focusFirstInvalid(this.host.nativeElement);
        return;
      }
      await this.continue();
    });
  }

  protected async continue(): Promise<void> {
    await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  /** An expired challenge means starting over with the password (a wrong code may be tried again): true when it was that. */
  private expired(error: unknown): boolean {
    if (toApiProblem(error).status !== 400) return false;
    this.challenge.set(null);
    this.enrolment.set(null);
    this.notice.set({ key: 'account.twoFactor.expired' });
    return true;
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
