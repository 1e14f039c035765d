import type { DataExportDto, ExportStatus } from './data-rights.dto';
import type { DataExportRow } from './data-rights.repository';

export function dataExportDto(row: DataExportRow, now = new Date()): DataExportDto {
  return {
    id: row.id,
    subjectMembershipId: row.subject_membership_id,
    status: row.status as ExportStatus,
    progress: row.progress,
    size: row.file_size,
    createdAt: row.created_at.toISOString(),
    readyAt: row.ready_at?.toISOString() ?? null,
    expiresAt: row.expires_at.toISOString(),
    downloadable: row.status === 'ready' && row.expires_at > now,
  };
}
