import { Pipe, PipeTransform, inject } from '@angular/core';
import type { ValidationErrors } from '@angular/forms';
import { formatRetryAfter, TranslateService } from '@kaizen/web/util-i18n';
import { FormMessage, fieldErrorMessage } from './form-problems';

function word(translate: TranslateService, message: FormMessage | null): string {
  if (message === null) {
    return '';
  }
  const lang = translate.currentLang() ?? 'en'; // read as a signal: a language switch re-words it
  if (message.text !== undefined && message.key === 'errors.invalid') {
    return message.text;
  }
  if (message.text !== undefined && message.key === 'errors.generic') {
    return message.text;
  }
  const params = { ...message.params };
  if (message.retryAfterSeconds !== undefined) {
    params['when'] = formatRetryAfter(message.retryAfterSeconds, lang);
  }
  return translate.instant(message.key, params) as string;
}

/** A form message in the current language. */
@Pipe({ name: 'kzMessage', pure: false })
export class MessagePipe implements PipeTransform {
  private readonly translate = inject(TranslateService);

  transform(message: FormMessage | null | undefined): string {
    return word(this.translate, message ?? null);
  }
}

/** What is wrong with a control, in the current language ('' when nothing is). */
@Pipe({ name: 'kzFieldError', pure: false })
export class FieldErrorPipe implements PipeTransform {
  private readonly translate = inject(TranslateService);

  transform(control: { readonly errors: ValidationErrors | null } | null | undefined): string {
    return word(this.translate, fieldErrorMessage(control?.errors));
  }
}
