import { Injectable, Logger } from '@nestjs/common';
import { declaredOptions } from '@kaizen/shared/util-jobs';
import type { DataExportPayload, DataRightsSweepPayload, TenantJob } from '@kaizen/shared/util-jobs';
import { PlatformDb } from '@kaizen/api/data-access-db';
import { JobHandler, JobProducer, type JobContext } from '@kaizen/api/data-access-queue';
import { DataRightsService } from './data-rights.service';

/** The worker's side of data rights: preparing exports, and the sweeps that apply retention. */
@Injectable()
export class DataRightsJobs {
  private readonly logger = new Logger('DataRights');

  constructor(
    private readonly dataRights: DataRightsService,
    private readonly jobs: JobProducer,
    private readonly platform: PlatformDb,
  ) {}

  @JobHandler('data-rights', 'export')
  async export(payload: DataExportPayload, context: JobContext): Promise<void> {
    try {
      await this.dataRights.prepareExport(payload.organisationId, payload.exportId);
    } catch (error) {
      // After the last attempt the person sees "failed" rather than a bar that never moves.
      if (context.attempt >= declaredOptions('data-rights', 'export').attempts)
        await this.dataRights.markExportFailed(payload.organisationId, payload.exportId);
      throw error;
    }
  }

  /** A platform sweep: one `sweep` per organisation. */
  @JobHandler('data-rights', 'sweep-all')
  async sweepAll(payload: DataRightsSweepPayload): Promise<void> {
    const organisations = await this.platform.organisationIds();
    const moment = new Date().toISOString().slice(0, 13); // one sweep per organisation and hour
    await this.jobs.enqueueMany(
      'data-rights',
      'sweep',
      organisations.map((id) => ({
        payload: { organisationId: id, retention: payload.retention },
        jobId: `data-rights-sweep-${id}-${moment}-${payload.retention ? 'retention' : 'exports'}`,
      })),
    );
  }

  @JobHandler('data-rights', 'sweep')
  async sweep(payload: TenantJob & DataRightsSweepPayload): Promise<void> {
    const outcome = await this.dataRights.sweep(payload.organisationId, payload.retention);
    this.logger.log({ organisationId: payload.organisationId, ...outcome }, 'data rights sweep');
  }
}
