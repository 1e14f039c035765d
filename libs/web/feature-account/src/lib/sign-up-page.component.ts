import { ChangeDetectionStrategy, Component, ElementRef, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { Language, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { FieldErrorPipe, FormSubmit, MessagePipe } from '@kaizen/web/ui-kit/forms';

/** Creates an organisation with its first admin, and signs that person in. */
@Component({
  selector: 'kz-sign-up-page',
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
  templateUrl: './sign-up-page.component.html',
  styleUrl: './account-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignUpPageComponent {
  private readonly store = inject(SessionStore);
  private readonly language = inject(LanguageService);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly languages = this.language.languages;
  protected readonly form = inject(NonNullableFormBuilder).group({
    organisationName: ['', [Validators.required, Validators.minLength(2), Validators.maxLength(120)]],
    displayName: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.minLength(10), Validators.maxLength(200)]],
    locale: [this.language.current() as Language, Validators.required],
  });
  private readonly submitter = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  protected readonly submitting = this.submitter.pending;
  protected readonly message = this.submitter.message;

  protected async submit(): Promise<void> {
    await this.submitter.run(async () => {
      const value = this.form.getRawValue();
      await this.store.signUp({
        ...value,
        organisationName: value.organisationName.trim(),
        displayName: value.displayName.trim(),
      });
      if (value.locale !== this.language.current()) {
        await this.language.use(value.locale);
      }
      await this.router.navigateByUrl('/');
    });
  }
}
