import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import { MemberDto, MemberPageDto, UpdateMemberDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('members.read')
  @ApiOperation({ operationId: 'listMembers' })
  @ApiOkResponse({ type: MemberPageDto })
  list(@Query() page: PageQueryDto): Promise<Page<MemberDto>> {
    return this.organisations.memberList(page);
  }

  @Get(':id')
  @Requires('members.read')
  @ApiOperation({ operationId: 'getMember' })
  @ApiOkResponse({ type: MemberDto })
  get(@IdParam() id: string): Promise<MemberDto> {
    return this.organisations.member(id);
  }

  @Patch(':id')
  @Requires('members.manage')
  @ApiOperation({
    operationId: 'updateMember',
    summary:
      'Change role, or deactivate or reactivate; a stale version, deactivating oneself or losing the last admin gets 409',
  })
  @ApiOkResponse({ type: MemberDto })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.organisations.updateMember(actor, id, dto);
  }
}
