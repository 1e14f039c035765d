import type { AuditAction, AuditObjectType, Role } from '@kaizen/shared/domain-access';
import type { AuditEventDto } from './audit.dto';
import type { AuditEventRow } from './audit-events.repository';
import type { InvitationRow } from './invitations.repository';
import type { MemberRow } from './members.repository';
import type {
  DepartmentDto,
  InvitationDto,
  MemberDto,
  OrganisationDto,
  TeamDto,
  TeamMemberDto,
} from './organisation.dto';
import type { OrganisationRow } from './organisation.repository';
import type { DepartmentRow, PlacementRow, TeamRow } from './structure.repository';

/** Rows as the API shows them: the one place this feature turns columns into fields. */
export function auditEventDto(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action as AuditAction,
    actorId: row.actor_user_id,
    actorName: row.actor_name,
    targetType: row.target_type as AuditObjectType | null,
    targetId: row.target_id,
    before: row.before as Record<string, unknown> | null,
    after: row.after as Record<string, unknown> | null,
    details: row.details as Record<string, unknown>,
    ip: row.ip,
  };
}

export function organisationDto(row: OrganisationRow): OrganisationDto {
  return {
    id: row.organisation_id,
    name: row.name,
    timeZone: row.time_zone,
    locale: row.locale as OrganisationDto['locale'],
    currency: row.currency,
    approvalThresholdHours: row.approval_threshold_hours,
    approvalThresholdAmountMinor: Number(row.approval_threshold_amount_minor),
    approvalSlaHours: row.approval_sla_hours,
    lessonReminderDays: row.lesson_reminder_days,
    headlineImprovements: row.headline_improvements as OrganisationDto['headlineImprovements'],
    version: row.version,
  };
}

export function departmentDto(row: DepartmentRow): DepartmentDto {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    headIds: row.head_ids,
    archivedAt: row.archived_at?.toISOString() ?? null,
  };
}

/** Teams with their current members, from the placements of those teams (in the order they were read). */
export function teamDtos(teams: TeamRow[], placements: PlacementRow[]): TeamDto[] {
  const membersOf = new Map<string, TeamMemberDto[]>();
  for (const placement of placements)
    membersOf.set(placement.team_id, [...(membersOf.get(placement.team_id) ?? []), teamMemberDto(placement)]);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    departmentId: team.department_id,
    members: membersOf.get(team.id) ?? [],
    archivedAt: team.archived_at?.toISOString() ?? null,
  }));
}

function teamMemberDto(row: PlacementRow): TeamMemberDto {
  return {
    membershipId: row.membership_id,
    displayName: row.display_name,
    position: row.position as TeamMemberDto['position'],
    since: row.valid_from.toISOString(),
  };
}

export function memberDto(row: MemberRow): MemberDto {
  return {
    id: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    status: row.status as MemberDto['status'],
    joinedAt: row.joined_at.toISOString(),
    teams: row.teams.map((team) => ({
      teamId: team.team_id,
      teamName: team.team_name,
      position: team.position as 'member' | 'lead',
    })),
    version: row.version,
  };
}

export function invitationDto(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    state: row.state,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
