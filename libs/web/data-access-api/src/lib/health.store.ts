import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { Api } from '../generated/api';
import { getLiveness } from '../generated/fn/health/get-liveness';
import { getReadiness } from '../generated/fn/health/get-readiness';
import { sendHeartbeat } from '../generated/fn/health/send-heartbeat';
import { HeartbeatDto, LivenessDto, ReadinessDto } from '../generated/models';
import { ApiProblem, toApiProblem } from './api-problem';

/** State of the API's health endpoints, read through the generated client. */
@Injectable({ providedIn: 'root' })
export class HealthStore {
  private readonly api = inject(Api);

  private readonly livenessState = signal<LivenessDto | null>(null);
  private readonly readinessState = signal<ReadinessDto | null>(null);
  private readonly loadingState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);
  private readonly heartbeatState = signal<HeartbeatDto | null>(null);
  private readonly sendingHeartbeatState = signal(false);
  private readonly heartbeatErrorState = signal<ApiProblem | null>(null);

  readonly liveness = this.livenessState.asReadonly();
  readonly readiness = this.readinessState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  /** Why liveness or readiness could not be read; null when both answered. The page words it. */
  readonly error = this.errorState.asReadonly();
  readonly heartbeat = this.heartbeatState.asReadonly();
  readonly sendingHeartbeat = this.sendingHeartbeatState.asReadonly();
  readonly heartbeatError = this.heartbeatErrorState.asReadonly();

  /** Reads liveness and readiness side by side; one failing does not hide the other. */
  async load(): Promise<void> {
    // The load under way brings fresh data; stacking requests would only race it.
    if (this.loadingState()) {
      return;
    }
    this.loadingState.set(true);
    this.errorState.set(null);
    const [liveness, readiness] = await Promise.allSettled([
      this.api.invoke(getLiveness),
      this.fetchReadiness(),
    ]);
    if (liveness.status === 'fulfilled') {
      this.livenessState.set(liveness.value);
    }
    if (readiness.status === 'fulfilled') {
      this.readinessState.set(readiness.value);
    }
    const failure = [liveness, readiness].find((result) => result.status === 'rejected');
    this.errorState.set(failure ? toApiProblem(failure.reason) : null);
    this.loadingState.set(false);
  }

  /** Sends a heartbeat job through the queue; the API waits briefly for the worker to process it. */
  async sendHeartbeat(): Promise<void> {
    if (this.sendingHeartbeatState()) {
      return;
    }
    this.sendingHeartbeatState.set(true);
    this.heartbeatErrorState.set(null);
    try {
      this.heartbeatState.set(await this.api.invoke(sendHeartbeat));
    } catch (error) {
      this.heartbeatErrorState.set(toApiProblem(error));
      return;
    } finally {
      this.sendingHeartbeatState.set(false);
    }
    // The worker records its last heartbeat when it processes the job; re-read it quietly.
    // A failure here is not the heartbeat's failure, so the previous readiness stays shown.
    try {
      this.readinessState.set(await this.fetchReadiness());
    } catch {
      // The next load() reports it.
    }
  }

  private async fetchReadiness(): Promise<ReadinessDto> {
    try {
      return await this.api.invoke(getReadiness);
    } catch (error) {
      // 503 still carries a ReadinessDto that says which dependency is down.
      if (error instanceof HttpErrorResponse && error.status === 503 && isReadiness(error.error)) {
        return error.error;
      }
      throw error;
    }
  }
}

function isReadiness(body: unknown): body is ReadinessDto {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const candidate = body as Partial<Record<keyof ReadinessDto, unknown>>;
  return (
    (candidate.status === 'ready' || candidate.status === 'unavailable') &&
    Array.isArray(candidate.checks) &&
    typeof candidate.worker === 'object' &&
    candidate.worker !== null
  );
}
