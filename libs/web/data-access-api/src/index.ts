// The API contract: types generated from openapi.json (never hand-copied).
export type { CheckDto, HeartbeatDto, LivenessDto, ReadinessDto, WorkerStatusDto } from './generated/models';
export { Api } from './generated/api';
export { ApiConfiguration, provideApiConfiguration } from './generated/api-configuration';

export { provideApiRoot } from './lib/api-root';
export { describeHttpError } from './lib/describe-http-error';
export { HealthStore } from './lib/health.store';
