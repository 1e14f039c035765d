import { decisionRuleSummaryDto, experimentSummaryDto } from '@kaizen/api/data-access-experiments';
import type { PendingApprovalDto } from './budget.dto';
import type { PendingApprovalRow } from './budgets.repository';

/** A pending approval with its experiment; the envelope is found afterwards. */
export function pendingApprovalOf(row: PendingApprovalRow): Omit<PendingApprovalDto, 'envelope'> {
  return {
    approvalId: row.approval_id,
    level: row.level as PendingApprovalDto['level'],
    requestedAt: row.requested_at.toISOString(),
    requestedHours: row.requested_hours,
    requestedAmountMinor: row.requested_amount_minor,
    experiment: experimentSummaryDto(row),
    decisionRule: decisionRuleSummaryDto(row.decision_rule),
  };
}
