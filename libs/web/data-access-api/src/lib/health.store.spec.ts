import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeartbeatDto, LivenessDto, ReadinessDto } from '../generated/models';
import { provideApiRoot } from './api-root';
import { HealthStore } from './health.store';

const liveness: LivenessDto = { status: 'ok', version: '0.1.0', uptimeSeconds: 90 };

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
    { name: 'database', status: 'up', latencyMs: 4 },
    { name: 'queue', status: 'down', latencyMs: 1000, detail: 'connection refused' },
  ],
  worker: { lastHeartbeatAt: '2025-11-22T10:00:00.000Z' },
};

const heartbeat: HeartbeatDto = {
  id: '0193a5b2-7c4e-7d2a-9f10-1b2c3d4e5f60',
  backend: 'redis',
  requestedAt: '2025-11-22T10:00:00.000Z',
  processedAt: '2025-11-22T10:00:00.042Z',
  roundTripMs: 42,
};

/** Lets the promise chain behind the generated client run to its next request. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

describe('HealthStore', () => {
  let store: HealthStore;
  let http: HttpTestingController;

  function setUp(...providers: unknown[]): void {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), ...(providers as never[])],
    });
    store = TestBed.inject(HealthStore);
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => http.verify());

  describe('with the default same-origin root', () => {
    beforeEach(() => setUp());

    it('starts empty and idle', () => {
      expect(store.liveness()).toBeNull();
      expect(store.readiness()).toBeNull();
      expect(store.loading()).toBe(false);
      expect(store.error()).toBeNull();
    });

    it('loads liveness and readiness from relative /api paths', async () => {
      const done = store.load();
      expect(store.loading()).toBe(true);

      http.expectOne({ method: 'GET', url: '/api/health' }).flush(liveness);
      http.expectOne({ method: 'GET', url: '/api/health/ready' }).flush(ready);
      await done;

      expect(store.loading()).toBe(false);
      expect(store.liveness()).toEqual(liveness);
      expect(store.readiness()).toEqual(ready);
      expect(store.error()).toBeNull();
    });

    it('shows the readiness body of a 503 instead of an error', async () => {
      const done = store.load();
      http.expectOne('/api/health').flush(liveness);
      http
        .expectOne('/api/health/ready')
        .flush(unavailable, { status: 503, statusText: 'Service Unavailable' });
      await done;

      expect(store.readiness()).toEqual(unavailable);
      expect(store.error()).toBeNull();
    });

    it('reports a 503 without a readiness body as an error', async () => {
      const done = store.load();
      http.expectOne('/api/health').flush(liveness);
      http
        .expectOne('/api/health/ready')
        .flush('upstream down', { status: 503, statusText: 'Service Unavailable' });
      await done;

      expect(store.readiness()).toBeNull();
      expect(store.error()).toMatchObject({ kind: 'http', status: 503, title: null, detail: null });
    });

    it('keeps readiness when liveness cannot be reached, and says the API was unreachable', async () => {
      const done = store.load();
      http
        .expectOne('/api/health')
        .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      http.expectOne('/api/health/ready').flush(ready);
      await done;

      expect(store.liveness()).toBeNull();
      expect(store.readiness()).toEqual(ready);
      expect(store.error()).toMatchObject({ kind: 'unreachable', status: 0 });
      expect(store.loading()).toBe(false);
    });

    it('clears an earlier error once the API answers again', async () => {
      let done = store.load();
      http.expectOne('/api/health').flush(null, { status: 500, statusText: 'Server Error' });
      http.expectOne('/api/health/ready').flush(ready);
      await done;
      expect(store.error()).not.toBeNull();

      done = store.load();
      http.expectOne('/api/health').flush(liveness);
      http.expectOne('/api/health/ready').flush(ready);
      await done;
      expect(store.error()).toBeNull();
    });

    it('does not start a second load while one is running', async () => {
      const first = store.load();
      const second = store.load();
      http.expectOne('/api/health').flush(liveness);
      http.expectOne('/api/health/ready').flush(ready);
      await Promise.all([first, second]);
      expect(store.liveness()).toEqual(liveness);
    });

    it('sends a heartbeat with POST, keeps the round trip and re-reads readiness', async () => {
      const done = store.sendHeartbeat();
      expect(store.sendingHeartbeat()).toBe(true);

      const request = http.expectOne({ method: 'POST', url: '/api/health/heartbeats' });
      expect(request.request.body).toBeNull();
      request.flush(heartbeat, { status: 201, statusText: 'Created' });
      await settle();

      const refreshed = { ...ready, worker: { lastHeartbeatAt: heartbeat.processedAt } };
      http.expectOne('/api/health/ready').flush(refreshed);
      await done;

      expect(store.sendingHeartbeat()).toBe(false);
      expect(store.heartbeat()).toEqual(heartbeat);
      expect(store.heartbeatError()).toBeNull();
      expect(store.readiness()?.worker.lastHeartbeatAt).toBe(heartbeat.processedAt);
    });

    it('keeps the problem details of a failed heartbeat', async () => {
      const done = store.sendHeartbeat();
      http.expectOne('/api/health/heartbeats').flush(
        {
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The queue is not accepting jobs.',
        },
        {
          status: 503,
          statusText: 'Service Unavailable',
          headers: { 'content-type': 'application/problem+json' },
        },
      );
      await done;

      expect(store.heartbeat()).toBeNull();
      expect(store.heartbeatError()).toMatchObject({
        kind: 'http',
        status: 503,
        title: 'Service Unavailable',
        detail: 'The queue is not accepting jobs.',
      });
      expect(store.sendingHeartbeat()).toBe(false);
    });
  });

  describe('with a configured API root', () => {
    beforeEach(() => setUp(provideApiRoot('https://api.example.test')));

    it('prefixes every request with the root URL', async () => {
      const done = store.load();
      http.expectOne('https://api.example.test/api/health').flush(liveness);
      http.expectOne('https://api.example.test/api/health/ready').flush(ready);
      await done;
      expect(store.liveness()?.version).toBe('0.1.0');
    });
  });
});
