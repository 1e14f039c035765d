import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, type Page } from '@kaizen/api/util-core';
import {
  CreateTeamDto,
  PlaceMemberDto,
  TeamDto,
  TeamPageDto,
  TeamQueryDto,
  UpdateTeamDto,
} from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('structure')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('structure.read')
  @ApiOperation({ operationId: 'listTeams', summary: 'Active teams with their current members and leads' })
  @ApiOkResponse({ type: TeamPageDto })
  list(@Query() query: TeamQueryDto): Promise<Page<TeamDto>> {
    return this.organisations.teams(query);
  }

  @Post()
  @Requires('structure.manage')
  @ApiOperation({ operationId: 'createTeam' })
  @Creates(TeamDto, (team) => `teams/${team.id}`)
  create(@Body() dto: CreateTeamDto): Promise<TeamDto> {
    return this.organisations.createTeam(dto);
  }

  @Get(':id')
  @Requires('structure.read')
  @ApiOperation({ operationId: 'getTeam' })
  @ApiOkResponse({ type: TeamDto })
  get(@IdParam() id: string): Promise<TeamDto> {
    return this.organisations.team(id);
  }

  @Patch(':id')
  @Requires('structure.manage')
  @ApiOperation({ operationId: 'updateTeam', summary: 'Rename, or move to another department' })
  @ApiOkResponse({ type: TeamDto })
  update(@IdParam() id: string, @Body() dto: UpdateTeamDto): Promise<TeamDto> {
    return this.organisations.updateTeam(id, dto);
  }

  @Delete(':id')
  @Requires('structure.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'archiveTeam', summary: 'Archive; its history stays' })
  @ApiNoContentResponse()
  archive(@IdParam() id: string): Promise<void> {
    return this.organisations.archiveTeam(id);
  }

  @Post(':id/members')
  @Requires('structure.manage')
  @ApiOperation({
    operationId: 'placeTeamMember',
    summary: 'Add someone to the team as member or lead; answers the team, members included',
  })
  @Creates(TeamDto, (team) => `teams/${team.id}`)
  place(@IdParam() id: string, @Body() dto: PlaceMemberDto): Promise<TeamDto> {
    return this.organisations.placeMember(id, dto.membershipId, dto.position);
  }

  @Delete(':id/members/:membershipId')
  @Requires('structure.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'removeTeamMember',
    summary: 'End someone’s place in the team; the history stays',
  })
  @ApiNoContentResponse()
  remove(@IdParam() id: string, @IdParam('membershipId') membershipId: string): Promise<void> {
    return this.organisations.removeFromTeam(id, membershipId);
  }
}
