import { Injectable, inject, signal } from '@angular/core';
import {
  allPages,
  Api,
  CreateInvitationDto,
  InvitationDto,
  LoadState,
  MemberDto,
} from '@kaizen/web/data-access-api';
import {
  DataExportDto,
  createInvitation,
  eraseMember,
  listInvitations,
  listMembers,
  requestMemberDataExport,
  revokeInvitation,
} from '@kaizen/web/data-access-api/operations';

/**
 * The organisation's members and open invitations, read through the generated client.
 * A library of its own so that only the People page's chunk carries it.
 */
@Injectable({ providedIn: 'root' })
export class PeopleStore {
  private readonly api = inject(Api);

  private readonly membersState = signal<readonly MemberDto[]>([]);
  private readonly invitationsState = signal<readonly InvitationDto[]>([]);
  private readonly state = new LoadState();

  readonly members = this.membersState.asReadonly();
  /** Open invitations only: accepted, revoked and expired ones are history. */
  readonly invitations = this.invitationsState.asReadonly();
  readonly loading = this.state.loading;
  readonly loaded = this.state.loaded;
  readonly error = this.state.error;

  /** Members always; invitations only when `withInvitations` (the API allows them to admins only). */
  async load(withInvitations: boolean): Promise<void> {
    await this.state.track(async () => {
      const [members, invitations] = await Promise.all([
        allPages((page) => this.api.invoke(listMembers, page)),
        withInvitations ? allPages((page) => this.api.invoke(listInvitations, page)) : Promise.resolve([]),
      ]);
      this.membersState.set(members);
      this.invitationsState.set(invitations.filter((invitation) => invitation.state === 'open'));
    });
  }

  /** Sends an invitation; rejects with the HTTP error, for the form to show. */
  async invite(body: CreateInvitationDto): Promise<InvitationDto> {
    const invitation = await this.api.invoke(createInvitation, { body });
    this.invitationsState.update((open) => [invitation, ...open.filter((item) => item.id !== invitation.id)]);
    return invitation;
  }

  /** Withdraws an open invitation: its link stops working at once. Rejects with the HTTP error. */
  async revoke(invitation: InvitationDto): Promise<void> {
    await this.api.invoke(revokeInvitation, { id: invitation.id });
    this.invitationsState.update((open) => open.filter((item) => item.id !== invitation.id));
  }

  /** Asks for a ZIP of a member's data (a data-subject request); only this admin can download it. */
  requestExport(member: MemberDto): Promise<DataExportDto> {
    return this.api.invoke(requestMemberDataExport, { id: member.id });
  }

  /** Erases a person for good, then re-reads the members: they stay, as "Former member". */
  async erase(member: MemberDto, confirmName: string): Promise<void> {
    await this.api.invoke(eraseMember, { id: member.id, body: { confirmName } });
    this.membersState.set(await allPages((page) => this.api.invoke(listMembers, page)));
  }
}
