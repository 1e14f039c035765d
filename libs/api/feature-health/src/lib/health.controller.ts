import { Controller, Get, HttpCode, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiCreatedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '@kaizen/api/data-access-auth';
import { HealthService } from './health.service';
import { HeartbeatDto, LivenessDto, ReadinessDto } from './health.dto';

export const APP_VERSION = Symbol('APP_VERSION');

interface StatusReply {
  status(code: number): unknown;
}

/** Open to probes and load balancers: no sign-in. */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(APP_VERSION) private readonly version: string,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: LivenessDto })
  liveness(): LivenessDto {
    return this.health.liveness(this.version);
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: PostgreSQL and the queue backend answer',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'Names what is down.' })
  async readiness(@Res({ passthrough: true }) reply: StatusReply): Promise<ReadinessDto> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ready') reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }

  @Post('heartbeats')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    operationId: 'sendHeartbeat',
    summary: 'Round-trips a heartbeat job through the queue and a worker',
  })
  @ApiCreatedResponse({ type: HeartbeatDto })
  sendHeartbeat(): Promise<HeartbeatDto> {
    return this.health.sendHeartbeat();
  }
}
