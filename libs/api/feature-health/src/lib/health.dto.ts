import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const queueBackends = ['redis', 'postgres'] as const;

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Seconds since this process started.', example: 42 })
  uptimeSeconds!: number;
}

export class CheckDto {
  @ApiProperty({
    enum: ['database', 'queue', 'outbox'],
    description: 'outbox: down when the oldest row due has waited longer than OUTBOX_READY_MAX_AGE_MS',
  })
  name!: 'database' | 'queue' | 'outbox';

  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ example: 3 })
  latencyMs!: number;

  @ApiPropertyOptional({ description: 'Why it is down.', example: 'connect ECONNREFUSED 127.0.0.1:5432' })
  detail?: string;
}

export class WorkerStatusDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a worker last processed a heartbeat.',
  })
  lastHeartbeatAt!: string | null;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'unavailable'] })
  status!: 'ready' | 'unavailable';

  @ApiProperty({ enum: queueBackends })
  queueBackend!: 'redis' | 'postgres';

  @ApiProperty({ type: [CheckDto] })
  checks!: CheckDto[];

  @ApiProperty({ type: WorkerStatusDto })
  worker!: WorkerStatusDto;
}

export class HeartbeatDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: queueBackends })
  backend!: 'redis' | 'postgres';

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Null when no worker answered in time.',
  })
  processedAt!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Milliseconds from request to processing.' })
  roundTripMs!: number | null;
}
