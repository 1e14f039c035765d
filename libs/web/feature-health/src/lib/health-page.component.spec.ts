import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HeartbeatDto, LivenessDto, ReadinessDto } from '@kaizen/web/data-access-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { HealthPageComponent } from './health-page.component';
import { settle } from '@kaizen/web/ui-kit/testing';

const liveness: LivenessDto = { status: 'ok', version: '0.1.0', uptimeSeconds: 125 };

const ready: ReadinessDto = {
  status: 'ready',
  queueBackend: 'redis',
  checks: [
    { name: 'database', status: 'up', latencyMs: 2 },
    { name: 'queue', status: 'up', latencyMs: 1 },
  ],
  worker: { lastHeartbeatAt: null },
};

const unavailable: ReadinessDto = {
  status: 'unavailable',
  queueBackend: 'postgres',
  checks: [
    { name: 'database', status: 'down', latencyMs: 1500, detail: 'timeout' },
    { name: 'queue', status: 'up', latencyMs: 4 },
  ],
  worker: { lastHeartbeatAt: null },
};

const heartbeat: HeartbeatDto = {
  id: '0193a5b2-7c4e-7d2a-9f10-1b2c3d4e5f60',
  backend: 'redis',
  requestedAt: '2025-11-22T10:00:00.000Z',
  processedAt: '2025-11-22T10:00:00.017Z',
  roundTripMs: 17,
};

/** Lets the promise chain behind the store reach its next request or its final state. */
describe('HealthPageComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18nTesting()] }));

  let fixture: ComponentFixture<HealthPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [HealthPageComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HealthPageComponent);
    element = fixture.nativeElement;
    // Runs ngOnInit, which starts loading. whenStable() would wait for the open requests.
    fixture.detectChanges();
  });

  const byTestId = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  async function answer(livenessBody: LivenessDto, readinessBody: ReadinessDto, readinessStatus = 200) {
    http.expectOne({ method: 'GET', url: '/api/health' }).flush(livenessBody);
    http.expectOne({ method: 'GET', url: '/api/health/ready' }).flush(readinessBody, {
      status: readinessStatus,
      statusText: readinessStatus === 200 ? 'OK' : 'Unavailable',
    });
    await settle();
    await fixture.whenStable();
  }

  it('says it is checking while the first answers are on their way', async () => {
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('System health');
    expect(byTestId('health-loading')?.textContent?.trim()).toBe(
      'Checking the API, the database and the queue…',
    );
    expect(element.querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe('Checking the system');
    expect(byTestId('readiness-status')).toBeNull();
    expect((byTestId('refresh-button') as HTMLButtonElement).disabled).toBe(true);

    await answer(liveness, ready);
    expect(byTestId('health-loading')?.textContent?.trim()).toBe('');
    expect(element.querySelector('mat-progress-bar')).toBeNull();
  });

  it('shows liveness and readiness once the API answers', async () => {
    await answer(liveness, ready);

    expect(byTestId('api-version')?.textContent?.trim()).toBe('0.1.0');
    expect(byTestId('api-uptime')?.textContent?.trim()).toBe('2 min 5 s');
    expect(byTestId('readiness-status')?.textContent).toBe('ready');
    expect(byTestId('check-database')?.textContent).toContain('up');
    expect(byTestId('check-queue')?.textContent).toContain('up');
    expect(byTestId('queue-backend')?.textContent?.trim()).toBe('redis');
    expect(byTestId('health-error')).toBeNull();
  });

  it('shows which dependency is down when readiness answers 503', async () => {
    await answer(liveness, unavailable, 503);

    expect(byTestId('readiness-status')?.textContent).toBe('unavailable');
    expect(byTestId('check-database')?.textContent).toContain('down');
    expect(byTestId('check-queue')?.textContent).toContain('up');
    expect(byTestId('queue-backend')?.textContent?.trim()).toBe('postgres');
    expect(byTestId('health-error')).toBeNull();
  });

  it('explains in plain words when the API cannot be reached', async () => {
    http
      .expectOne('/api/health')
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    http
      .expectOne('/api/health/ready')
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await settle();
    await fixture.whenStable();

    const alert = byTestId('health-error');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('The API could not be reached');
    expect(byTestId('readiness-status')).toBeNull();
    expect((byTestId('refresh-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('loads again on Refresh', async () => {
    await answer(liveness, unavailable, 503);

    byTestId('refresh-button')?.click();
    await answer(liveness, ready);

    expect(byTestId('readiness-status')?.textContent).toBe('ready');
  });

  it('round-trips a heartbeat through the queue and shows the time it took', async () => {
    await answer(liveness, ready);

    byTestId('heartbeat-button')?.click();
    await settle();
    expect((byTestId('heartbeat-button') as HTMLButtonElement).disabled).toBe(true);

    http
      .expectOne({ method: 'POST', url: '/api/health/heartbeats' })
      .flush(heartbeat, { status: 201, statusText: 'Created' });
    await settle();
    http
      .expectOne('/api/health/ready')
      .flush({ ...ready, worker: { lastHeartbeatAt: heartbeat.processedAt } });
    await settle();
    await fixture.whenStable();

    expect(byTestId('heartbeat-result')?.textContent).toContain('17 ms');
    expect((byTestId('heartbeat-button') as HTMLButtonElement).disabled).toBe(false);
    expect(byTestId('worker-last-heartbeat')?.querySelector('time')?.getAttribute('datetime')).toBe(
      heartbeat.processedAt,
    );
    http.verify();
  });
});
