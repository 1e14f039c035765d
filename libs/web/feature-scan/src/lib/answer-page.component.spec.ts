import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanDetailDto } from '@kaizen/web/data-access-api/scans';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { AnswerPageComponent } from './answer-page.component';

const statement = (id: string, dimension: string) => ({
  custom: false,
  id,
  dimension,
  nl: `Stelling ${id}`,
  en: `Statement ${id}`,
});

const scan: ScanDetailDto = {
  id: 's1',
  title: 'Learning culture, autumn',
  state: 'open',
  scope: 'organisation',
  departmentIds: [],
  instrumentVersion: 1,
  invited: 10,
  responded: 2,
  reminderRounds: 0,
  myParticipation: 'invited',
  opensAt: '2026-11-01T00:00:00Z',
  closesAt: '2026-12-31T00:00:00Z',
  statements: [statement('a', 'shared_vision'), statement('b', 'shared_vision')],
} as ScanDetailDto;

/** The answer form: one required choice per statement, sent once, refusals worded for this form. */
describe('AnswerPageComponent', () => {
  let fixture: ComponentFixture<AnswerPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, find, text } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [...provideWebTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AnswerPageComponent);
    fixture.componentRef.setInput('id', 's1');
    element = fixture.nativeElement;
    document.body.appendChild(element); // focus needs a connected element
    fixture.detectChanges();
    await update();
    http.expectOne({ method: 'GET', url: '/api/scans/s1' }).flush(scan);
    await update();
  });

  afterEach(() => {
    http.verify();
    element.remove();
  });

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
    await settle();
  }

  /** The radio button of a point (1 to 5) of a statement. */
  function point(statementId: string, value: number): HTMLInputElement {
    const radio = byTestId(`statement-${statementId}`).querySelector<HTMLInputElement>(
      `input[value="${value}"]`,
    );
    if (!radio) throw new Error(`no point ${value} for statement ${statementId}`);
    return radio;
  }

  function choose(statementId: string, value: number): void {
    point(statementId, value).click();
  }

  async function submit(times = 1): Promise<void> {
    for (let i = 0; i < times; i++) byTestId<HTMLButtonElement>('answer-submit').click();
    await update();
  }

  it('marks each unanswered statement, moves focus to the first, and sends nothing', async () => {
    choose('b', 4);
    await update();
    expect(text('answer-progress')).toMatch(/1\D+2/);
    await submit();
    expect(text('answer-missing')).toMatch(/1/);
    expect(byTestId('statement-a').classList).toContain('kz-statement--missing');
    expect(byTestId('statement-b').classList).not.toContain('kz-statement--missing');
    expect(document.activeElement?.closest('[data-testid="statement-a"]')).not.toBeNull();
    http.expectNone({ method: 'POST', url: '/api/scans/s1/responses' });
  });

  it('sends the answers once however often it is clicked, then thanks', async () => {
    choose('a', 5);
    choose('b', 2);
    await update();
    await submit(2);
    const sent = http.expectOne({ method: 'POST', url: '/api/scans/s1/responses' });
    expect(sent.request.body).toEqual({ answers: { a: 5, b: 2 } });
    sent.flush(null, { status: 204, statusText: 'No Content' });
    await update();
    http.expectOne({ method: 'GET', url: '/api/scans/s1' }).flush({ ...scan, myParticipation: 'answered' });
    await update();
    expect(find('answer-thanks')).not.toBeNull();
  });

  it('says so when the scan can no longer take the answers (409), and keeps them', async () => {
    choose('a', 3);
    choose('b', 3);
    await update();
    await submit();
    http
      .expectOne({ method: 'POST', url: '/api/scans/s1/responses' })
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409 },
        { status: 409, statusText: 'Conflict' },
      );
    await update();
    expect(text('answer-problem')).toBe(
      'This scan can no longer take your answers: you answered already, or it has closed.',
    );
    expect(point('a', 3).checked).toBe(true);
  });
});
