import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewDto } from '@kaizen/web/data-access-api/follow-up';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { ReviewPageComponent } from './review-page.component';

const review: ReviewDto = {
  id: 'r1',
  unitType: 'team',
  unitId: 't1',
  unitName: 'Afdeling 3 Noord',
  status: 'open',
  opensAt: '2026-11-30T14:00:00Z',
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  awaitingReflection: [
    {
      id: 'e1',
      title: 'Valrisico bij opname',
      teamName: 'Afdeling 3 Noord',
      status: 'checking',
      verdict: null,
    },
  ],
  lessons: [],
  programmes: [],
  innerReviews: [],
  reflections: [],
  reflectionCount: 0,
  canClose: true,
  takeaways: [],
  closedAt: null,
  closedByName: null,
};

const badRequest = (errors: { field: string; rule: string; message: string }[]) =>
  [
    { type: 'about:blank', title: 'Bad Request', status: 400, errors },
    { status: 400, statusText: 'Bad Request' },
  ] as const;

describe('ReviewPageComponent', () => {
  let fixture: ComponentFixture<ReviewPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, errorOf, type } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [...provideWebTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReviewPageComponent);
    fixture.componentRef.setInput('id', 'r1');
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/reviews/r1' }).flush(review);
    await settle();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function click(testId: string): Promise<void> {
    byTestId<HTMLButtonElement>(testId).click();
    await settle();
    await fixture.whenStable();
  }

  it('asks for the reflection beside its field without calling the API', async () => {
    await click('add-reflection');
    expect(errorOf('reflection-body')).toBe('Fill this in.');
    http.expectNone({ method: 'POST', url: '/api/reviews/r1/reflections' });
  });

  it('shows every field the API refused in a reflection beside its own control', async () => {
    type('reflection-body', 'We vergeten op te schrijven wat we probeerden.');
    const about = byTestId<HTMLSelectElement>('reflection-experiment');
    about.value = about.options[1].value;
    about.dispatchEvent(new Event('change'));
    await click('add-reflection');
    http.expectOne({ method: 'POST', url: '/api/reviews/r1/reflections' }).flush(
      ...badRequest([
        { field: 'body', rule: 'isLength', message: 'body must be shorter than or equal to 4000 characters' },
        { field: 'experimentId', rule: 'notAwaiting', message: 'experimentId is not awaiting reflection' },
      ]),
    );
    await settle();
    await fixture.whenStable();
    expect(errorOf('reflection-body')).toBe('body must be shorter than or equal to 4000 characters');
    expect(errorOf('reflection-experiment')).toBe('experimentId is not awaiting reflection');
  });

  it('asks for at least one takeaway before closing, beside the field', async () => {
    await click('close-review');
    expect(errorOf('takeaways')).toBe('Write at least one lesson to close the review with.');
    expect(document.activeElement).toBe(byTestId('takeaways'));
    http.expectNone({ method: 'POST', url: '/api/reviews/r1/close' });
  });

  it('shows a refused takeaway beside the takeaways field', async () => {
    type('takeaways', 'Schrijf de poging op het bord');
    await click('close-review');
    http.expectOne({ method: 'POST', url: '/api/reviews/r1/close' }).flush(
      ...badRequest([
        {
          field: 'takeaways',
          rule: 'arrayMaxSize',
          message: 'takeaways must contain no more than 20 elements',
        },
      ]),
    );
    await settle();
    await fixture.whenStable();
    expect(errorOf('takeaways')).toBe('takeaways must contain no more than 20 elements');
  });
});
