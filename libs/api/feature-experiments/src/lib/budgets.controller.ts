import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import {
  CreateEnvelopeDto,
  EnvelopeDto,
  EnvelopeQueryDto,
  PendingApprovalDto,
  UpdateEnvelopeDto,
} from './budget.dto';
import { BudgetsService } from './budgets.service';

@ApiTags('approvals')
@ApiBearerAuth()
@Controller()
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Get('approvals')
  @Requires('approvals.read')
  @ApiOperation({
    operationId: 'listPendingApprovals',
    summary: 'Proposals waiting for your decision, with the envelope beside each',
  })
  @ApiOkResponse({ type: [PendingApprovalDto] })
  inbox(@CurrentActor() actor: Actor): Promise<PendingApprovalDto[]> {
    return this.budgets.inbox(actor);
  }

  @Get('budget-envelopes')
  @Requires('budgets.read')
  @ApiOperation({ operationId: 'listBudgetEnvelopes' })
  @ApiOkResponse({ type: [EnvelopeDto] })
  list(@Query() query: EnvelopeQueryDto): Promise<EnvelopeDto[]> {
    return this.budgets.list(query.quarter);
  }

  @Post('budget-envelopes')
  @Requires('budgets.manage')
  @ApiOperation({
    operationId: 'createBudgetEnvelope',
    summary: 'Hours and money for a team or department for a quarter',
  })
  @ApiCreatedResponse({ type: EnvelopeDto })
  create(@Body() dto: CreateEnvelopeDto): Promise<EnvelopeDto> {
    return this.budgets.create(dto);
  }

  @Get('budget-envelopes/:id')
  @Requires('budgets.read')
  @ApiOperation({ operationId: 'getBudgetEnvelope' })
  @ApiOkResponse({ type: EnvelopeDto })
  get(@IdParam() id: string): Promise<EnvelopeDto> {
    return this.budgets.get(id);
  }

  @Patch('budget-envelopes/:id')
  @Requires('budgets.manage')
  @ApiOperation({
    operationId: 'resizeBudgetEnvelope',
    summary: 'Change its size; never below what it approved',
  })
  @ApiOkResponse({ type: EnvelopeDto })
  resize(@IdParam() id: string, @Body() dto: UpdateEnvelopeDto): Promise<EnvelopeDto> {
    return this.budgets.resize(id, dto);
  }
}
