import { TestBed } from '@angular/core/testing';
import { ReadinessDto } from '@kaizen/web/data-access-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { ReadinessCardComponent } from './readiness-card.component';

const ready: ReadinessDto = {
  status: 'ready',
  queueBackend: 'redis',
  checks: [
    { name: 'database', status: 'up', latencyMs: 2.345 },
    { name: 'queue', status: 'up', latencyMs: 1 },
  ],
  worker: { lastHeartbeatAt: '2025-11-22T10:00:00.000Z' },
};

const unavailable: ReadinessDto = {
  status: 'unavailable',
  queueBackend: 'postgres',
  checks: [
    { name: 'database', status: 'up', latencyMs: 3 },
    { name: 'queue', status: 'down', latencyMs: 1000, detail: 'connection refused' },
  ],
  worker: { lastHeartbeatAt: null },
};

async function render(readiness: ReadinessDto): Promise<HTMLElement> {
  const fixture = TestBed.createComponent(ReadinessCardComponent);
  fixture.componentRef.setInput('readiness', readiness);
  await fixture.whenStable();
  return fixture.nativeElement;
}

const byTestId = (element: HTMLElement, testId: string) =>
  element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

describe('ReadinessCardComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18nTesting()] }));

  it('shows a ready API with both checks up', async () => {
    const element = await render(ready);

    expect(byTestId(element, 'readiness-status')?.textContent).toBe('ready');
    expect(byTestId(element, 'check-database')?.textContent).toBe('up');
    expect(byTestId(element, 'check-queue')?.textContent).toBe('up');
    expect(byTestId(element, 'latency-database')?.textContent?.trim()).toBe('2.3 ms');
    expect(byTestId(element, 'queue-backend')?.textContent?.trim()).toBe('redis');
    expect(element.querySelectorAll('.kz-status-chip--bad')).toHaveLength(0);
  });

  it('names the check that is down, with its detail, on an unavailable API', async () => {
    const element = await render(unavailable);

    expect(byTestId(element, 'readiness-status')?.textContent).toBe('unavailable');
    expect(byTestId(element, 'check-database')?.textContent).toBe('up');
    expect(byTestId(element, 'check-queue')?.textContent).toBe('down');
    expect(byTestId(element, 'queue-backend')?.textContent?.trim()).toBe('postgres');
    expect(element.textContent).toContain('connection refused');
    // The overall chip and the queue chip are marked bad; the database chip is not.
    expect(element.querySelectorAll('.kz-status-chip--bad')).toHaveLength(2);
  });

  it('labels each check in words next to its status', async () => {
    const element = await render(ready);
    const labels = Array.from(element.querySelectorAll('dt')).map((dt) => dt.textContent?.trim());
    expect(labels).toEqual(['Overall', 'Database', 'Queue', 'Queue backend', "Worker's last heartbeat"]);
  });

  it("shows when the worker's last heartbeat was, or that there was none", async () => {
    const withHeartbeat = await render(ready);
    const time = byTestId(withHeartbeat, 'worker-last-heartbeat')?.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2025-11-22T10:00:00.000Z');
    expect(time?.textContent).toMatch(/2025/);

    const withoutHeartbeat = await render(unavailable);
    expect(byTestId(withoutHeartbeat, 'worker-last-heartbeat')?.textContent?.trim()).toBe('No heartbeat yet');
  });
});
