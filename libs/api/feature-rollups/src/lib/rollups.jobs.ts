import { Injectable, Logger } from '@nestjs/common';
import { PlatformDb } from '@kaizen/api/data-access-db';
import { JobHandler, JobProducer } from '@kaizen/api/data-access-queue';
import type { ApplyEventPayload, RecomputePayload } from '@kaizen/shared/util-jobs';
import { RollupsService } from './rollups.service';

/** The worker's side: fold events in as they happen, and rebuild everything nightly as a check. */
@Injectable()
export class RollupsJobs {
  private readonly logger = new Logger('Rollups');

  constructor(
    private readonly rollups: RollupsService,
    private readonly jobs: JobProducer,
    private readonly platform: PlatformDb,
  ) {}

  @JobHandler('rollups', 'apply-event')
  async applyEvent(payload: ApplyEventPayload): Promise<void> {
    await this.rollups.apply(payload.eventId);
  }

  @JobHandler('rollups', 'recompute')
  async recompute(payload: RecomputePayload): Promise<void> {
    const events = await this.rollups.recompute();
    this.logger.log({ organisationId: payload.organisationId, events }, 'roll-ups recomputed');
  }

  /** A platform sweep: one recompute per organisation. */
  @JobHandler('rollups', 'recompute-all')
  async recomputeAll(): Promise<void> {
    const organisations = await this.platform.organisationIds();
    const day = new Date().toISOString().slice(0, 10);
    for (const id of organisations) {
      await this.jobs.enqueue(
        'rollups',
        'recompute',
        { organisationId: id },
        { jobId: `recompute-${id}-${day}` },
      );
    }
  }
}
