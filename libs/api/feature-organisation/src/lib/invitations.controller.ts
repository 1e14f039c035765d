import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import { CreateInvitationDto, InvitationDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('invitations.manage')
  @ApiOperation({ operationId: 'listInvitations' })
  @ApiOkResponse({ type: [InvitationDto] })
  list(): Promise<InvitationDto[]> {
    return this.organisations.invitationList();
  }

  @Post()
  @Requires('invitations.manage')
  @ApiOperation({
    operationId: 'createInvitation',
    summary: 'Invite by email with a role; the link is single-use and expires in 7 days',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.organisations.invite(actor, dto);
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
