import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { AuditEventDto, AuditQueryDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('audit.read')
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'Security-relevant events, newest first' })
  @ApiOkResponse({ type: [AuditEventDto] })
  list(@Query() query: AuditQueryDto): Promise<AuditEventDto[]> {
    return this.organisations.auditLog(query.limit, query.before);
  }

  @Get('export')
  @Requires('audit.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="audit-log.csv"')
  @ApiOperation({
    operationId: 'exportAuditEvents',
    summary: 'The audit log as CSV; the export is itself audited',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  export(@CurrentActor() actor: Actor): Promise<string> {
    return this.organisations.exportAuditLog(actor);
  }
}
