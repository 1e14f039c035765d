import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import { CreateInvitationDto, InvitationDto, InvitationPageDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('invitations.manage')
  @ApiOperation({ operationId: 'listInvitations' })
  @ApiOkResponse({ type: InvitationPageDto })
  list(@Query() page: PageQueryDto): Promise<Page<InvitationDto>> {
    return this.organisations.invitationList(page);
  }

  @Post()
  @Requires('invitations.manage')
  @ApiOperation({
    operationId: 'createInvitation',
    summary: 'Invite by email with a role; the link is single-use and expires in 7 days',
  })
  @Creates(InvitationDto, (invitation) => `invitations/${invitation.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.organisations.invite(actor, dto);
  }

  @Get(':id')
  @Requires('invitations.manage')
  @ApiOperation({ operationId: 'getInvitation' })
  @ApiOkResponse({ type: InvitationDto })
  get(@IdParam() id: string): Promise<InvitationDto> {
    return this.organisations.invitation(id);
  }

  @Delete(':id')
  @Requires('invitations.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'revokeInvitation' })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.organisations.revokeInvitation(actor, id);
  }
}
