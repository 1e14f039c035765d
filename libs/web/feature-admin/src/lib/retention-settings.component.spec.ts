import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetentionSettingsComponent } from './retention-settings.component';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';

const stored = { notificationDays: 365, auditDays: 730, deactivatedAccountDays: 730 };

describe('RetentionSettingsComponent', () => {
  let fixture: ComponentFixture<RetentionSettingsComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, type } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: provideWebTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RetentionSettingsComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  const fieldOf = (id: string) => byTestId(id).closest('mat-form-field');
  const errorOf = (id: string) => fieldOf(id)?.querySelector('mat-error')?.textContent?.trim() ?? null;

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function load(): Promise<void> {
    http.expectOne({ method: 'GET', url: '/api/organisation/retention' }).flush(stored);
    await update();
  }

  it('shows the stored periods with their allowed ranges, and sends the changed periods', async () => {
    await load();
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Data retention');
    expect(byTestId<HTMLInputElement>('retention-notificationDays').value).toBe('365');
    expect(fieldOf('retention-auditDays')?.textContent).toContain('From 180 to 3650 days.');
    expect(fieldOf('retention-deactivatedAccountDays')?.textContent).toContain('From 30 to 3650 days.');

    type('retention-notificationDays', '90');
    byTestId<HTMLButtonElement>('retention-submit').click();
    await fixture.whenStable();

    const request = http.expectOne({ method: 'PUT', url: '/api/organisation/retention' });
    expect(request.request.body).toEqual({ ...stored, notificationDays: 90 });
    request.flush({ ...stored, notificationDays: 90 });
    await update();
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe(
      'Retention periods are saved.',
    );
  });

  it('sends nothing while a period is outside its range, and says the range at the field', async () => {
    await load();
    type('retention-auditDays', '30');
    byTestId<HTMLButtonElement>('retention-submit').click();
    await update();
    http.expectNone({ method: 'PUT', url: '/api/organisation/retention' });
    expect(errorOf('retention-auditDays')).toBe('From 180 to 3650 days.');
  });

  it('puts the API’s refusal of a period next to its field, and a conflict in words above the form', async () => {
    await load();
    byTestId<HTMLButtonElement>('retention-submit').click();
    await fixture.whenStable();
    http.expectOne({ method: 'PUT', url: '/api/organisation/retention' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'auditDays', rule: 'max', message: 'auditDays must not be greater than 3650' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await update();
    expect(errorOf('retention-auditDays')).toBe('auditDays must not be greater than 3650');

    type('retention-auditDays', '800');
    byTestId<HTMLButtonElement>('retention-submit').click();
    await fixture.whenStable();
    http.expectOne({ method: 'PUT', url: '/api/organisation/retention' }).flush(
      {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'The settings were changed meanwhile',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await update();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'The settings were changed meanwhile',
    );
  });
});
