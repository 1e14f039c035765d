import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentSummaryDto } from '@kaizen/web/data-access-api/operations';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { ExperimentBoardComponent } from './experiment-board.component';

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000 - 60_000).toISOString();

const summary = (
  id: string,
  status: ExperimentSummaryDto['status'],
  updatedDaysAgo: number,
): ExperimentSummaryDto => ({
  id,
  ownerId: 'm1',
  ownerName: 'Sem Dekker',
  plannedEnd: null,
  plannedStart: null,
  status,
  tags: [],
  teamId: 't1',
  teamName: 'Noord Dag',
  title: `Experiment ${id}`,
  updatedAt: daysAgo(updatedDaysAgo),
  verdict: null,
  version: 1,
});

const items = [summary('a', 'proposed', 3), summary('b', 'running', 1), summary('c', 'running', 10)];

describe('ExperimentBoardComponent', () => {
  const realMatchMedia = window.matchMedia;

  beforeEach(() =>
    TestBed.configureTestingModule({ providers: [provideI18nTesting('en'), provideRouter([])] }),
  );
  afterEach(() => {
    window.matchMedia = realMatchMedia;
  });

  let settle: () => Promise<unknown> = async () => undefined;

  async function render(phone: boolean): Promise<HTMLElement> {
    window.matchMedia = ((query: string) =>
      ({
        matches: phone,
        media: query,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      }) as unknown as MediaQueryList) as typeof window.matchMedia;
    const fixture = TestBed.createComponent(ExperimentBoardComponent);
    fixture.componentRef.setInput('items', items);
    settle = () => fixture.whenStable();
    await settle();
    return fixture.nativeElement;
  }

  const text = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('shows each card’s owner, team, what it waits for and its days in the stage', async () => {
    const el = await render(false);
    const card = el.querySelector('[data-testid="card-a"]');
    expect(text(card?.querySelector('[data-testid="card-owner"]'))).toBe('Sem Dekker');
    expect(text(card?.querySelector('[data-testid="card-team"]'))).toBe('Noord Dag');
    expect(text(card?.querySelector('[data-testid="card-waits"]'))).toBe('Waits for approval');
    expect(text(card?.querySelector('[data-testid="card-days"]'))).toBe('3 days in this stage');
    expect(text(el.querySelector('[data-testid="card-b"] [data-testid="card-days"]'))).toBe(
      '1 day in this stage',
    );
    expect(card?.querySelector('a')?.getAttribute('title')).toBe('Experiment a');
  });

  it('shows every stage side by side on a desktop, without tabs', async () => {
    const el = await render(false);
    expect(el.querySelector('[data-testid="board-tabs"]')).toBeNull();
    expect(el.querySelectorAll('[data-testid^="column-"]').length).toBe(7);
  });

  it('shows one stage at a time on a phone, chosen with tabs that count its cards', async () => {
    const el = await render(true);
    const tabs = Array.from(el.querySelectorAll<HTMLElement>('[data-testid^="tab-"]'));
    expect(tabs.map(text)).toEqual([
      'Plan 0',
      'Proposed 1',
      'Approved 0',
      'Running 2',
      'Concluded or stopped 0',
      'Learned 0',
      'Closed or rejected 0',
    ]);
    // It opens on the first stage that holds cards.
    expect(
      Array.from(el.querySelectorAll('[data-testid^="column-"]')).map((c) => c.getAttribute('data-testid')),
    ).toEqual(['column-proposed']);
    expect(el.querySelector('[data-testid="tab-proposed"]')?.getAttribute('aria-selected')).toBe('true');

    el.querySelector<HTMLElement>('[data-testid="tab-running"]')?.click();
    await settle();
    expect(
      Array.from(el.querySelectorAll('[data-testid^="column-"]')).map((c) => c.getAttribute('data-testid')),
    ).toEqual(['column-running']);
    expect(el.querySelectorAll('[data-testid="column-running"] article').length).toBe(2);
  });
});
