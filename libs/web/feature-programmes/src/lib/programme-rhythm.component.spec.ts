import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CadenceDto, ProgrammeDto } from '@kaizen/web/data-access-api/programmes';
import { ProgrammeStore } from '@kaizen/web/data-access-programmes';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { ProgrammeRhythmComponent } from './programme-rhythm.component';

const url = '/api/programmes/p1/review-cadence';
const cadence: CadenceDto = {
  id: 'c1',
  unitType: 'programme',
  unitId: 'p1',
  unitName: 'Minder vallen',
  frequency: 'monthly',
  weekday: 1,
  dayOfMonth: 12,
  hour: 9,
  minute: 30,
  timeZone: 'Europe/Amsterdam',
  anchorDate: '2026-11-02',
  active: true,
  nextOpensAt: '2026-12-12T08:30:00Z',
  version: 3,
};

describe('ProgrammeRhythmComponent', () => {
  let fixture: ComponentFixture<ProgrammeRhythmComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, choose, errorOf, find, text, type } = testDom(() => element);

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
    await settle();
  }

  async function open(current: CadenceDto | null): Promise<void> {
    TestBed.configureTestingModule({ providers: [...provideWebTesting(), ProgrammeStore] });
    http = TestBed.inject(HttpTestingController);
    void TestBed.inject(ProgrammeStore).load('p1');
    http.expectOne('/api/programmes/p1').flush({ id: 'p1' } as ProgrammeDto);
    fixture = TestBed.createComponent(ProgrammeRhythmComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url }).flush({ canManage: true, cadence: current });
    await update();
  }

  async function save(): Promise<void> {
    byTestId<HTMLButtonElement>('rhythm-save').click();
    await update();
  }

  afterEach(() => http.verify());

  describe('without a rhythm', () => {
    beforeEach(() => open(null));

    it('sets a weekly rhythm on the chosen weekday and hour', async () => {
      choose('rhythm-frequency', 'Every week');
      await update();
      choose('rhythm-weekday', 'Wednesday');
      type('rhythm-hour', '9');
      await save();
      const request = http.expectOne({ method: 'PUT', url });
      expect(request.request.body).toEqual({ frequency: 'weekly', hour: 9, minute: 0, weekday: 3 });
      request.flush({ ...cadence, frequency: 'weekly', weekday: 3, hour: 9, minute: 0 });
      await update();
      expect(text('rhythm-now')).toContain('Wednesday');
    });

    it('shows a field the API refused beside its control', async () => {
      await save();
      http.expectOne({ method: 'PUT', url }).flush(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          errors: [{ field: 'hour', rule: 'max', message: 'hour must not be greater than 23' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await update();
      expect(errorOf('rhythm-hour')).toBe('hour must not be greater than 23');
      expect(find('rhythm-error')).toBeNull();
    });
  });

  describe('with a rhythm', () => {
    beforeEach(() => open(cadence));

    it('starts from the rhythm it has and sends its minute and version along', async () => {
      expect(byTestId<HTMLSelectElement>('rhythm-frequency').value).toBe('monthly');
      expect(byTestId<HTMLInputElement>('rhythm-day').value).toBe('12');
      await save();
      const request = http.expectOne({ method: 'PUT', url });
      expect(request.request.body).toEqual({
        frequency: 'monthly',
        hour: 9,
        minute: 30,
        dayOfMonth: 12,
        version: 3,
      });
      request.flush(cadence);
      await update();
    });

    it('pauses the rhythm as it is, and says when someone changed it meanwhile', async () => {
      byTestId<HTMLButtonElement>('rhythm-pause').click();
      await update();
      const request = http.expectOne({ method: 'PUT', url });
      expect(request.request.body).toMatchObject({ active: false, version: 3, dayOfMonth: 12 });
      request.flush(
        { type: 'about:blank', title: 'Conflict', status: 409 },
        { status: 409, statusText: 'Conflict' },
      );
      await update();
      expect(text('rhythm-error')).toBe(
        'Someone changed the rhythm meanwhile; reload the page and try again.',
      );
    });
  });
});
