import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { OrganisationDto, UpdateOrganisationDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('organisation')
export class OrganisationController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'getOrganisation', summary: 'Settings of the organisation you act in' })
  @ApiOkResponse({ type: OrganisationDto })
  get(): Promise<OrganisationDto> {
    return this.organisations.settings();
  }

  @Patch()
  @Requires('organisation.manage')
  @ApiOperation({ operationId: 'updateOrganisation', summary: 'Change settings; a stale version gets 409' })
  @ApiOkResponse({ type: OrganisationDto })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.updateSettings(actor, dto);
  }
}
