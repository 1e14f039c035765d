import { Pipe, PipeTransform, inject } from '@angular/core';
import { TranslateService } from './translate';
import { DateStyle, formatNumber, pluralCategory } from './formats';
import { Formats } from './formats.service';

// Impure on purpose: they read the language and the organisation's zone from signals, so a switch
// re-renders them; the formatters behind them are cached, so a run costs a map lookup.

/** A moment in the organisation's zone and the chosen language: `{{ at | kzDate }}`, `{{ at | kzDate: 'date' }}`. */
@Pipe({ name: 'kzDate', pure: false })
export class KzDatePipe implements PipeTransform {
  private readonly formats = inject(Formats);
  transform(value: string | Date | null | undefined, style: DateStyle = 'dateTime'): string {
    return this.formats.dateTime(value, style);
  }
}

/** A calendar day ("2026-12-03"), never shifted by a time zone: `{{ plan.start | kzDay }}`. */
@Pipe({ name: 'kzDay', pure: false })
export class KzDayPipe implements PipeTransform {
  private readonly formats = inject(Formats);
  transform(value: string | null | undefined): string {
    return this.formats.day(value);
  }
}

/** A number in the chosen language, at most `maxDigits` decimals: `{{ value | kzNumber: 1 }}`. */
@Pipe({ name: 'kzNumber', pure: false })
export class KzNumberPipe implements PipeTransform {
  private readonly formats = inject(Formats);
  transform(value: number | null | undefined, maxDigits = 2, minDigits = 0): string {
    return this.formats.number(value, maxDigits, minDigits);
  }
}

/** Money in minor units, in the organisation's currency unless one is given: `{{ amount | kzAmount }}`. */
@Pipe({ name: 'kzAmount', pure: false })
export class KzAmountPipe implements PipeTransform {
  private readonly formats = inject(Formats);
  transform(minor: number | null | undefined, currency?: string): string {
    return this.formats.money(minor, currency);
  }
}

/**
 * A count with the text of its plural form: `{{ 'reviews.reflections' | kzPlural: n }}` reads
 * `reviews.reflections.one` or `.other` (by the language's rules) with `{{count}}` filled in.
 */
@Pipe({ name: 'kzPlural', pure: false })
export class KzPluralPipe implements PipeTransform {
  private readonly formats = inject(Formats);
  private readonly translate = inject(TranslateService);
  transform(key: string, count: number, params: Record<string, unknown> = {}): string {
    const lang = this.formats.lang();
    const text = this.translate.instant(`${key}.${pluralCategory(count, lang)}`, {
      ...params,
      count: formatNumber(count, lang, 0),
    });
    return typeof text === 'string' ? text : String(text);
  }
}

/** All of them, for a component's `imports`. */
export const FORMAT_PIPES = [KzDatePipe, KzDayPipe, KzNumberPipe, KzAmountPipe, KzPluralPipe] as const;
