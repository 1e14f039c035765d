import { Injectable, computed, inject, signal } from '@angular/core';
import {
  DateStyle,
  formatDateOnly,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
} from './formats';
import { LanguageService } from './language.service';

/**
 * How this person sees dates, times, numbers and amounts: in the chosen language, in the
 * organisation's time zone and currency. The shell tells it the organisation once the session is known.
 */
@Injectable({ providedIn: 'root' })
export class Formats {
  private readonly language = inject(LanguageService);
  private readonly organisationState = signal<{ timeZone?: string; currency: string }>({ currency: 'EUR' });

  readonly lang = computed(() => this.language.current());
  readonly timeZone = computed(() => this.organisationState().timeZone);
  readonly currency = computed(() => this.organisationState().currency);

  /** The organisation whose zone and currency apply; without one, the browser's zone and euros. */
  useOrganisation(organisation: { timeZone?: string | null; currency?: string | null } | null): void {
    this.organisationState.set({
      timeZone: validZone(organisation?.timeZone),
      currency: organisation?.currency || 'EUR',
    });
  }

  dateTime(value: string | Date | null | undefined, style: DateStyle = 'dateTime'): string {
    return formatDateTime(value, this.lang(), this.timeZone(), style);
  }

  day(value: string | null | undefined): string {
    return formatDateOnly(value, this.lang());
  }

  number(value: number | null | undefined, maxDigits = 2, minDigits = 0): string {
    return formatNumber(value, this.lang(), maxDigits, minDigits);
  }

  percent(value: number | null | undefined): string {
    return formatPercent(value, this.lang());
  }

  money(minor: number | null | undefined, currency?: string): string {
    return formatMoney(minor, currency ?? this.currency(), this.lang());
  }
}

function validZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}
