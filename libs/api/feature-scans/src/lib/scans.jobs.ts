import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@kaizen/api/data-access-queue';
import type { ScanJobPayload, ScanReminderPayload } from '@kaizen/shared/util-jobs';
import { ScansService } from './scans.service';

/** The worker's side of a scan: invitations when it opens, at most two reminder rounds, and folding answer sheets in batches. */
@Injectable()
export class ScansJobs {
  private readonly logger = new Logger('Scans');

  constructor(private readonly scans: ScansService) {}

  @JobHandler('scans', 'invite')
  async invite(payload: ScanJobPayload): Promise<void> {
    const count = await this.scans.sendInvitations(payload.scanId);
    this.logger.log(
      { organisationId: payload.organisationId, scanId: payload.scanId, count },
      'scan invitations queued',
    );
  }

  @JobHandler('scans', 'remind')
  async remind(payload: ScanReminderPayload): Promise<void> {
    const count = await this.scans.remind(payload.scanId, payload.round);
    this.logger.log(
      { organisationId: payload.organisationId, scanId: payload.scanId, round: payload.round, count },
      'scan reminders queued',
    );
  }

  @JobHandler('scans', 'fold')
  async fold(payload: ScanJobPayload): Promise<void> {
    const count = await this.scans.fold(payload.scanId);
    this.logger.log(
      { organisationId: payload.organisationId, scanId: payload.scanId, count },
      'scan answer sheets folded',
    );
  }
}
