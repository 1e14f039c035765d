import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Requires } from '@kaizen/api/data-access-auth';
import { AuditEventPageDto, AuditFilterDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Requires('audit.read')
  @ApiOperation({
    operationId: 'listAuditEvents',
    summary: 'Security- and money-relevant acts, newest first, filtered by actor, action, object and period',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@Query() query: AuditQueryDto): Promise<AuditEventPageDto> {
    return this.audit.page(query);
  }

  @Get('export')
  @Requires('audit.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="audit-log.csv"')
  @ApiOperation({
    operationId: 'exportAuditEvents',
    summary: 'The events the filters select, as CSV; the export is itself audited',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  export(@Query() filter: AuditFilterDto): Promise<string> {
    return this.audit.export(filter);
  }
}
