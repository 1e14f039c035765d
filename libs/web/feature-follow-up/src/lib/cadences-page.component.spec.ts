import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CadenceDto } from '@kaizen/web/data-access-api/follow-up';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { CadencesPageComponent } from './cadences-page.component';

const url = '/api/review-cadences';

describe('CadencesPageComponent', () => {
  let fixture: ComponentFixture<CadencesPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, errorOf, find, text, type } = testDom(() => element);

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
    await settle();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideWebTesting() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CadencesPageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne((r) => r.method === 'GET' && r.url === url).flush({ items: [], nextCursor: null });
    http.expectOne((r) => r.url === '/api/departments').flush({ items: [], nextCursor: null });
    http
      .expectOne((r) => r.url === '/api/teams')
      .flush({
        items: [{ id: 't1', name: 'Afdeling 3 Noord', departmentId: 'd1', archivedAt: null }],
        nextCursor: null,
      });
    await update();
  });

  afterEach(() => http.verify());

  async function create(): Promise<void> {
    byTestId<HTMLButtonElement>('create-cadence').click();
    await update();
  }

  function choose(testId: string, value: string): void {
    const select = byTestId<HTMLSelectElement>(testId);
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }

  it('sets a monthly cadence for a team on the day and hour chosen', async () => {
    choose('cadence-unit', 'team:t1');
    choose('cadence-frequency', 'monthly');
    await update();
    type('cadence-day', '3');
    type('cadence-hour', '10');
    await create();
    const request = http.expectOne({ method: 'POST', url });
    expect(request.request.body).toEqual({
      unitType: 'team',
      teamId: 't1',
      frequency: 'monthly',
      hour: 10,
      dayOfMonth: 3,
    });
    request.flush({
      id: 'c1',
      unitType: 'team',
      unitId: 't1',
      unitName: 'Afdeling 3 Noord',
      frequency: 'monthly',
      weekday: 1,
      dayOfMonth: 3,
      hour: 10,
      minute: 0,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      anchorDate: '2026-12-01',
      active: true,
      nextOpensAt: '2027-01-03T09:00:00Z',
      version: 1,
    } satisfies CadenceDto);
    await update();
    expect(text('cadences')).toContain('Afdeling 3 Noord');
  });

  it('shows every field the API refused beside its control, the unit’s parts on the unit', async () => {
    await create();
    http.expectOne({ method: 'POST', url }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [
          { field: 'teamId', rule: 'isUuid', message: 'teamId must be a UUID' },
          { field: 'hour', rule: 'max', message: 'hour must not be greater than 23' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await update();
    expect(errorOf('cadence-unit')).toBe('teamId must be a UUID');
    expect(errorOf('cadence-hour')).toBe('hour must not be greater than 23');
    expect(find('cadence-error')).toBeNull();
  });

  it('says when the unit already has a cadence', async () => {
    await create();
    http
      .expectOne({ method: 'POST', url })
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409 },
        { status: 409, statusText: 'Conflict' },
      );
    await update();
    expect(text('cadence-error')).toBe('This unit already has a cadence; pause or change that one.');
  });
});
