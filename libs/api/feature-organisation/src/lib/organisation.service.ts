import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, newSecretToken, type Actor } from '@kaizen/api/data-access-auth';
import { Outbox } from '@kaizen/api/data-access-notifications';
import { PlacementsRepository } from '@kaizen/api/data-access-organisation';
import {
  APP_CONFIG,
  FieldValidationException,
  mapPage,
  type Page,
  type PageQueryDto,
} from '@kaizen/api/util-core';
import { deactivatesOneself, leavesNoAdmin } from '@kaizen/shared/domain-organisation';
import type { AppConfig } from '@kaizen/shared/util-config';
import type {
  CreateDepartmentDto,
  CreateInvitationDto,
  CreateTeamDto,
  DepartmentDto,
  InvitationDto,
  MemberDto,
  OrganisationDto,
  TeamDto,
  TeamQueryDto,
  UpdateDepartmentDto,
  UpdateMemberDto,
  UpdateOrganisationDto,
  UpdateTeamDto,
} from './organisation.dto';
import { departmentDto, invitationDto, memberDto, organisationDto, teamDtos } from './organisation.mappers';
import { InvitationsRepository } from './invitations.repository';
import { MembersRepository } from './members.repository';
import { OrganisationRepository } from './organisation.repository';
import { StructureRepository } from './structure.repository';

const INVITATION_VALID_DAYS = 7;

const notFound = (what: string) => new NotFoundException(`No such ${what} in this organisation`);
const stale = (what: string) =>
  new ConflictException(`The ${what} was changed by someone else; reload it and try again`);

/**
 * Settings, structure, people and invitations of the acting organisation.
 * Every method runs inside the request's tenant transaction; another organisation's ids are simply not found.
 */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly organisation: OrganisationRepository,
    private readonly structure: StructureRepository,
    private readonly members: MembersRepository,
    private readonly placements: PlacementsRepository,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async settings(): Promise<OrganisationDto> {
    const organisation = await this.organisation.current();
    if (!organisation) throw notFound('organisation');
    return organisationDto(organisation);
  }

  async updateSettings(actor: Actor, change: UpdateOrganisationDto): Promise<OrganisationDto> {
    const before = await this.settings();
    const updated = await this.organisation.update(change);
    if (!updated) throw stale('organisation');
    const after = organisationDto(updated);
    await this.audit.record({
      action: 'organisation.updated',
      targetId: actor.organisationId,
      before,
      after,
    });
    return after;
  }

  async departments(page: PageQueryDto): Promise<Page<DepartmentDto>> {
    return mapPage(await this.structure.activeDepartments(page), departmentDto);
  }

  async department(id: string): Promise<DepartmentDto> {
    const row = await this.structure.department(id);
    if (!row) throw notFound('department');
    return departmentDto(row);
  }

  async createDepartment(dto: CreateDepartmentDto): Promise<DepartmentDto> {
    if (dto.parentId) await this.activeDepartment(dto.parentId, 'parentId');
    const id = uuidv7();
    await this.placements.createDepartment(id, dto.name, dto.parentId ?? null);
    const after = await this.department(id);
    await this.audit.record({ action: 'department.created', targetId: id, after });
    return after;
  }

  async updateDepartment(id: string, dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    const before = await this.department(id);
    if (dto.parentId) {
      await this.activeDepartment(dto.parentId, 'parentId');
      if (await this.structure.isSelfOrAncestor(id, dto.parentId)) {
        throw new FieldValidationException([
          { field: 'parentId', rule: 'noCycle', message: 'parentId would place the department under itself' },
        ]);
      }
    }
    await this.structure.updateDepartment(id, dto);
    const after = await this.department(id);
    await this.audit.record({ action: 'department.updated', targetId: id, before, after });
    return after;
  }

  async archiveDepartment(id: string): Promise<void> {
    const before = await this.department(id);
    if ((await this.structure.dependentsOf(id)) > 0) {
      throw new ConflictException('Move or archive its teams and sub-departments first');
    }
    await this.structure.archiveDepartment(id);
    const after = await this.department(id);
    await this.audit.record({ action: 'department.archived', targetId: id, before, after });
  }

  async appointHead(departmentId: string, membershipId: string): Promise<DepartmentDto> {
    await this.activeDepartment(departmentId);
    await this.activeMember(membershipId);
    const before = await this.department(departmentId);
    await this.structure.appointHead(uuidv7(), departmentId, membershipId);
    const after = await this.department(departmentId);
    await this.audit.record({
      action: 'department.head_appointed',
      targetId: departmentId,
      before,
      after,
      details: { membershipId },
    });
    return after;
  }

  async endHead(departmentId: string, membershipId: string): Promise<void> {
    const before = await this.department(departmentId);
    if (!(await this.structure.endHead(departmentId, membershipId))) throw notFound('department head');
    await this.audit.record({
      action: 'department.head_ended',
      targetId: departmentId,
      before,
      after: await this.department(departmentId),
      details: { membershipId },
    });
  }

  async teams(query: TeamQueryDto): Promise<Page<TeamDto>> {
    const teams = await this.structure.teams(query);
    return { items: teamDtos(teams.items, await this.structure.placements()), nextCursor: teams.nextCursor };
  }

  async team(id: string): Promise<TeamDto> {
    const team = await this.structure.team(id);
    if (!team) throw notFound('team');
    const [dto] = teamDtos([team], await this.structure.placements(id));
    return dto;
  }

  async createTeam(dto: CreateTeamDto): Promise<TeamDto> {
    await this.activeDepartment(dto.departmentId, 'departmentId');
    const id = uuidv7();
    await this.placements.createTeam({ id, name: dto.name, departmentId: dto.departmentId });
    const after = await this.team(id);
    await this.audit.record({ action: 'team.created', targetId: id, after });
    return after;
  }

  async updateTeam(id: string, dto: UpdateTeamDto): Promise<TeamDto> {
    const before = await this.team(id);
    if (dto.departmentId) await this.activeDepartment(dto.departmentId, 'departmentId');
    await this.structure.updateTeam(id, dto);
    const after = await this.team(id);
    await this.audit.record({ action: 'team.updated', targetId: id, before, after });
    return after;
  }

  async archiveTeam(id: string): Promise<void> {
    const before = await this.team(id);
    await this.placements.archiveTeam(id);
    await this.audit.record({ action: 'team.archived', targetId: id, before, after: await this.team(id) });
  }

  async placeMember(teamId: string, membershipId: string, position: 'member' | 'lead'): Promise<TeamDto> {
    const before = await this.team(teamId);
    if (before.archivedAt) throw new ConflictException('The team is archived');
    await this.activeMember(membershipId);
    await this.placements.place({ id: uuidv7(), teamId, membershipId, position });
    const after = await this.team(teamId);
    await this.audit.record({
      action: 'team.member_placed',
      targetId: teamId,
      before,
      after,
      details: { membershipId, position },
    });
    return after;
  }

  async removeFromTeam(teamId: string, membershipId: string): Promise<void> {
    const before = await this.team(teamId);
    if (!(await this.placements.endPlacement(teamId, membershipId))) throw notFound('team member');
    await this.audit.record({
      action: 'team.member_removed',
      targetId: teamId,
      before,
      after: await this.team(teamId),
      details: { membershipId },
    });
  }

  async memberList(page: PageQueryDto): Promise<Page<MemberDto>> {
    return mapPage(await this.members.list(page), memberDto);
  }

  async member(id: string): Promise<MemberDto> {
    const row = await this.members.find(id);
    if (!row) throw notFound('member');
    return memberDto(row);
  }

  async updateMember(actor: Actor, id: string, dto: UpdateMemberDto): Promise<MemberDto> {
    const before = await this.member(id);
    if (deactivatesOneself(actor.membershipId, id, dto.status ? dto.status === 'active' : undefined)) {
      throw new ConflictException({
        message: 'You cannot deactivate yourself; another admin can',
        errors: [
          { field: 'status', rule: 'notSelf', message: 'status cannot deactivate your own membership' },
        ],
      });
    }
    const standings = await this.placements.standings();
    if (
      leavesNoAdmin(standings, {
        memberId: id,
        role: dto.role,
        active: dto.status ? dto.status === 'active' : undefined,
      })
    ) {
      throw new ConflictException('The organisation must keep at least one active admin');
    }
    if (!(await this.members.update(id, dto.version, dto))) throw stale('member');
    if (dto.status === 'deactivated' && before.status === 'active')
      await this.placements.endAllPlacements(id);
    const after = await this.member(id);
    if (after.role !== before.role) {
      await this.audit.record({ action: 'member.role_changed', targetId: id, before, after });
    }
    if (after.status !== before.status) {
      const action = after.status === 'deactivated' ? 'member.deactivated' : 'member.reactivated';
      await this.audit.record({ action, targetId: id, before, after });
    }
    return after;
  }

  async invitationList(page: PageQueryDto): Promise<Page<InvitationDto>> {
    return mapPage(await this.invitations.list(page), invitationDto);
  }

  async invitation(id: string): Promise<InvitationDto> {
    const row = await this.invitations.find(id);
    if (!row) throw notFound('invitation');
    return invitationDto(row);
  }

  async invite(actor: Actor, dto: CreateInvitationDto): Promise<InvitationDto> {
    if (await this.invitations.activeMemberWithEmail(dto.email)) {
      throw new ConflictException({
        message: 'email already belongs to an active member',
        errors: [{ field: 'email', rule: 'notMember', message: 'email already belongs to an active member' }],
      });
    }
    const { token, hash } = newSecretToken();
    const id = uuidv7();
    await this.invitations.create({
      id,
      email: dto.email,
      role: dto.role,
      tokenHash: hash,
      invitedBy: actor.membershipId,
      expiresAt: new Date(Date.now() + INVITATION_VALID_DAYS * 24 * 3600 * 1000),
    });
    const organisation = await this.settings();
    const inviter = await this.members.displayNameOf(actor.userId);
    await this.audit.record({
      action: 'invitation.created',
      targetId: id,
      after: { email: dto.email, role: dto.role },
    });
    // The mail is an outbox row of this transaction: it goes out even if the queue loses its job.
    await this.outbox.add([
      {
        channel: 'mail',
        dedupeKey: `invitation-${id}`,
        dueAt: new Date(),
        payload: {
          to: dto.email,
          locale: dto.locale ?? organisation.locale,
          template: 'invitation',
          params: {
            link: `${this.config.APP_URL}/invitations/${token}`,
            organisationName: organisation.name,
            invitedBy: inviter ?? organisation.name,
            role: dto.role,
            expiresInDays: INVITATION_VALID_DAYS,
          },
        },
      },
    ]);
    return this.invitation(id);
  }

  async revokeInvitation(actor: Actor, id: string): Promise<void> {
    const invitation = await this.invitations.find(id);
    if (!invitation) throw notFound('invitation');
    if (!(await this.invitations.revoke(id)))
      throw new ConflictException(`The invitation is already ${invitation.state}`);
    await this.audit.record({
      action: 'invitation.revoked',
      targetId: id,
      before: invitationDto(invitation),
      after: { ...invitationDto(invitation), state: 'revoked' },
    });
  }

  private async activeDepartment(id: string, field?: string): Promise<void> {
    if (await this.structure.isActiveDepartment(id)) return;
    if (field)
      throw new FieldValidationException([
        { field, rule: 'exists', message: `${field} names no active department here` },
      ]);
    throw notFound('department');
  }

  private async activeMember(membershipId: string): Promise<void> {
    if (!(await this.members.isActiveMember(membershipId))) {
      throw new FieldValidationException([
        { field: 'membershipId', rule: 'exists', message: 'membershipId names no active member here' },
      ]);
    }
  }
}
