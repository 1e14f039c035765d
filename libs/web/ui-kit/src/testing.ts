import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';

/** Spec helpers written once for every web spec: the set-up of a page that calls the API, and its DOM by test id. */

/** Lets pending promises and timers of zero run (a flushed response reaching the view). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/** Real translations (English unless told) and an HttpClient answered by HttpTestingController. */
export function provideWebTesting(lang: 'en' | 'nl' = 'en'): (Provider | EnvironmentProviders)[] {
  return [provideI18nTesting(lang), provideHttpClient(), provideHttpClientTesting()];
}

/** What a spec reads and does on a rendered view; `root` is asked each time, as a fixture is made in beforeEach. */
export interface TestDom {
  /** The element with this data-testid; throws when there is none. */
  byTestId<T extends HTMLElement = HTMLElement>(testId: string): T;
  /** The element with this data-testid, or null. */
  find<T extends HTMLElement = HTMLElement>(testId: string): T | null;
  /** Its text with white space folded, or '' when it is absent. */
  text(testId: string): string;
  /** Types into an input or text area as a person does (one input event). */
  type(testId: string, value: string): void;
  /** Chooses the option of a native select by its text, as a person does (one change event). */
  choose(testId: string, label: string): void;
  /** The mat-error shown under the field holding this element, or null. */
  errorOf(testId: string): string | null;
}

export function testDom(root: () => HTMLElement): TestDom {
  const find = <T extends HTMLElement = HTMLElement>(testId: string): T | null =>
    root().querySelector<T>(`[data-testid="${testId}"]`);
  const byTestId = <T extends HTMLElement = HTMLElement>(testId: string): T => {
    const found = find<T>(testId);
    if (!found) throw new Error(`no element with data-testid="${testId}"`);
    return found;
  };
  return {
    byTestId,
    find,
    text: (testId) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    type: (testId, value) => {
      const input = byTestId<HTMLInputElement | HTMLTextAreaElement>(testId);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    },
    choose: (testId, label) => {
      const select = byTestId<HTMLSelectElement>(testId);
      const option = Array.from(select.options).find((candidate) => candidate.text.trim() === label);
      if (!option) throw new Error(`no option "${label}" in ${testId}`);
      select.value = option.value;
      select.dispatchEvent(new Event('change'));
    },
    errorOf: (testId) =>
      byTestId(testId).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim() ?? null,
  };
}
