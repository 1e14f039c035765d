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
import { toApiProblem } from '@kaizen/web/data-access-api';
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
      await this.store.signIn(this.form.getRawValue());
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
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
