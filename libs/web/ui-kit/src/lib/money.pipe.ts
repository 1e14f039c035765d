import { Pipe, PipeTransform } from '@angular/core';

/** Integer minor units as money in the organisation's currency, worded for the language. */
@Pipe({ name: 'kzMoney' })
export class MoneyPipe implements PipeTransform {
  transform(minor: number | null | undefined, currency = 'EUR', language = 'en'): string {
    if (minor === null || minor === undefined) return '—';
    return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
      style: 'currency',
      currency,
      maximumFractionDigits: minor % 100 === 0 ? 0 : 2,
    }).format(minor / 100);
  }
}
