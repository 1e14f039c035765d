import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreferencesDto } from '@kaizen/web/data-access-api/follow-up';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { NotificationPreferencesPageComponent } from './notification-preferences-page.component';

const preferences: PreferencesDto = {
  timeZone: null,
  quietHours: { start: 20, end: 8 },
  email: { reminders: true, reviews: true, digest: false },
};

describe('NotificationPreferencesPageComponent', () => {
  let fixture: ComponentFixture<NotificationPreferencesPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, errorOf, find, type } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [...provideWebTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(NotificationPreferencesPageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/notifications/preferences' }).flush(preferences);
    await settle();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function save(): Promise<void> {
    byTestId<HTMLButtonElement>('save-preferences').click();
    await settle();
    await fixture.whenStable();
  }

  it('sends what was chosen, with an empty time zone as the organisation’s', async () => {
    type('pref-time-zone', '  ');
    await save();
    const request = http.expectOne({ method: 'PUT', url: '/api/notifications/preferences' });
    expect(request.request.body).toEqual(preferences);
    request.flush(preferences);
    await settle();
    await fixture.whenStable();
    expect(element.textContent).toContain('Saved.');
  });

  it('shows every field the API refused beside its own control', async () => {
    type('pref-time-zone', 'Mars/Olympus');
    await save();
    http.expectOne({ method: 'PUT', url: '/api/notifications/preferences' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [
          { field: 'timeZone', rule: 'isTimeZone', message: 'timeZone must be an IANA time zone' },
          { field: 'quietHours.start', rule: 'max', message: 'quietHours.start must not be greater than 23' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    expect(errorOf('pref-time-zone')).toBe('timeZone must be an IANA time zone');
    expect(errorOf('pref-quiet-start')).toBe('quietHours.start must not be greater than 23');
    expect(find('preferences-error')).toBeNull();
  });
});
