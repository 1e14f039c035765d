import { Pipe, PipeTransform } from '@angular/core';
import { formatMoney } from '@kaizen/web/util-i18n';

/** Integer minor units as money in the organisation's currency, worded for the language. */
@Pipe({ name: 'kzMoney' })
export class MoneyPipe implements PipeTransform {
  transform(minor: number | null | undefined, currency = 'EUR', language = 'en'): string {
    return formatMoney(minor, currency, language);
  }
}
