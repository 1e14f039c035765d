import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@kaizen/api/data-access-auth';
import { Db } from '@kaizen/api/data-access-db';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { CLOCK, type Clock } from '@kaizen/api/util-core';
import type { Status } from '@kaizen/shared/domain-experiment';
import { ExperimentsRepository } from './experiments.repository';

export interface NewEvent {
  experimentId: string;
  type: 'created' | 'edited' | 'transition' | 'check_in' | 'result_recorded' | 'lesson_captured' | 'adopted';
  transition?: string;
  fromStatus?: Status;
  toStatus?: Status;
  reason?: string | null;
  changes?: Record<string, unknown>;
}

/**
 * Appends to an experiment's event log, the source of timelines and roll-ups. Events that move
 * figures are handed to the worker once the transaction has committed; the job id makes that idempotent.
 */
@Injectable()
export class ExperimentEvents {
  constructor(
    private readonly experiments: ExperimentsRepository,
    private readonly db: Db,
    private readonly jobs: JobProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(actor: Actor, event: NewEvent): Promise<void> {
    const id = uuidv7();
    this.experiments.recordEvent({
      id,
      actorId: actor.membershipId,
      occurredAt: this.clock.now(),
      ...event,
    });
    if (event.type !== 'created' && event.type !== 'adopted') {
      // What is due changes with the experiment: a check-in answers one reminder, a transition ends or starts others.
      this.db.afterCommit(() =>
        this.jobs.enqueue(
          'reminders',
          'plan',
          { organisationId: actor.organisationId, experimentId: event.experimentId },
          { jobId: `plan-${id}` },
        ),
      );
    }
    if (event.type === 'transition' || event.type === 'adopted') {
      this.db.afterCommit(() =>
        this.jobs.enqueue(
          'rollups',
          'apply-event',
          { organisationId: actor.organisationId, eventId: id },
          { jobId: `rollup-${id}` },
        ),
      );
    }
  }
}
