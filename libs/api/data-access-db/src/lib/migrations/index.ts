import type { MigrationInterface } from 'typeorm';
import { SystemHeartbeat1763800000000 } from './1763800000000-system-heartbeat';

/** Every migration, oldest first. A bundle cannot glob, so each one is listed here. */
export const migrations: Array<new () => MigrationInterface> = [SystemHeartbeat1763800000000];
