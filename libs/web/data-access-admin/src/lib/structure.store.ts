import { Injectable, computed, inject, signal } from '@angular/core';
import { allPages, Api, ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import {
  CreateDepartmentDto,
  CreateTeamDto,
  DepartmentDto,
  MemberDto,
  PlaceMemberDto,
  TeamDto,
  UpdateMemberDto,
  appointDepartmentHead,
  archiveDepartment,
  archiveTeam,
  createDepartment,
  createTeam,
  endDepartmentHead,
  listDepartments,
  listMembers,
  listTeams,
  placeTeamMember,
  updateDepartment,
  updateMember,
  updateTeam,
} from '@kaizen/web/data-access-api/operations';

/**
 * Departments, teams and members: what forms choose from (teams to propose in or adopt for)
 * and what the admin page changes. Archived units are left out of the choices.
 */
@Injectable({ providedIn: 'root' })
export class StructureStore {
  private readonly api = inject(Api);

  private readonly departmentsState = signal<readonly DepartmentDto[]>([]);
  private readonly teamsState = signal<readonly TeamDto[]>([]);
  private readonly membersState = signal<readonly MemberDto[]>([]);
  private readonly loadingState = signal(false);
  private readonly loadedState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);

  readonly departments = computed(() => this.departmentsState().filter((d) => d.archivedAt === null));
  readonly teams = computed(() => this.teamsState().filter((t) => t.archivedAt === null));
  readonly members = this.membersState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly loaded = this.loadedState.asReadonly();
  readonly error = this.errorState.asReadonly();

  /** Teams the given membership belongs to. */
  teamsOf(membershipId: string | null | undefined): readonly TeamDto[] {
    return this.teams().filter((team) => team.members.some((member) => member.membershipId === membershipId));
  }

  load(withMembers = false): Promise<void> {
    return this.read(true, withMembers);
  }

  /** The teams alone, for a filter's choices: one read fewer before a list's first paint. */
  loadTeams(): Promise<void> {
    return this.read(false, false);
  }

  private async read(withDepartments: boolean, withMembers: boolean): Promise<void> {
    this.loadingState.set(true);
    this.errorState.set(null);
    try {
      const [departments, teams, members] = await Promise.all([
        withDepartments
          ? allPages((page) => this.api.invoke(listDepartments, page))
          : Promise.resolve(this.departmentsState()),
        allPages((page) => this.api.invoke(listTeams, page)),
        withMembers
          ? allPages((page) => this.api.invoke(listMembers, page))
          : Promise.resolve(this.membersState()),
      ]);
      this.departmentsState.set(departments);
      this.teamsState.set(teams);
      this.membersState.set(members);
      if (withDepartments) this.loadedState.set(true);
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    } finally {
      this.loadingState.set(false);
    }
  }

  async createDepartment(body: CreateDepartmentDto): Promise<DepartmentDto> {
    const department = await this.api.invoke(createDepartment, { body });
    this.departmentsState.update((list) => [...list, department]);
    return department;
  }

  async appointHead(departmentId: string, membershipId: string): Promise<void> {
    const department = await this.api.invoke(appointDepartmentHead, {
      id: departmentId,
      body: { membershipId },
    });
    this.departmentsState.update((list) => list.map((d) => (d.id === department.id ? department : d)));
  }

  async renameDepartment(departmentId: string, name: string): Promise<void> {
    const department = await this.api.invoke(updateDepartment, { id: departmentId, body: { name } });
    this.departmentsState.update((list) => list.map((d) => (d.id === department.id ? department : d)));
  }

  /** Archived units leave the choices; their history stays. The API refuses while active teams remain under it. */
  async archiveDepartment(departmentId: string): Promise<void> {
    await this.api.invoke(archiveDepartment, { id: departmentId });
    this.departmentsState.update((list) => list.filter((d) => d.id !== departmentId));
  }

  async endHead(departmentId: string, membershipId: string): Promise<void> {
    await this.api.invoke(endDepartmentHead, { id: departmentId, membershipId });
    this.departmentsState.update((list) =>
      list.map((d) =>
        d.id === departmentId ? { ...d, headIds: d.headIds.filter((id) => id !== membershipId) } : d,
      ),
    );
  }

  async renameTeam(teamId: string, name: string): Promise<void> {
    const team = await this.api.invoke(updateTeam, { id: teamId, body: { name } });
    this.teamsState.update((list) => list.map((t) => (t.id === team.id ? team : t)));
  }

  async archiveTeam(teamId: string): Promise<void> {
    await this.api.invoke(archiveTeam, { id: teamId });
    this.teamsState.update((list) => list.filter((t) => t.id !== teamId));
  }

  async createTeam(body: CreateTeamDto): Promise<TeamDto> {
    const team = await this.api.invoke(createTeam, { body });
    this.teamsState.update((list) => [...list, team]);
    return team;
  }

  async placeMember(teamId: string, body: PlaceMemberDto): Promise<void> {
    const team = await this.api.invoke(placeTeamMember, { id: teamId, body });
    this.teamsState.update((list) => list.map((t) => (t.id === team.id ? team : t)));
    // A member's team list changed too.
    this.membersState.set(await allPages((page) => this.api.invoke(listMembers, page)));
  }

  async updateMember(member: MemberDto, body: Omit<UpdateMemberDto, 'version'>): Promise<void> {
    const updated = await this.api.invoke(updateMember, {
      id: member.id,
      body: { ...body, version: member.version },
    });
    this.membersState.update((list) => list.map((m) => (m.id === updated.id ? updated : m)));
  }
}
