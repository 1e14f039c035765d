import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import { EnvelopeDto } from '@kaizen/api/data-access-experiments';
import {
  CreateEnvelopeDto,
  EnvelopePageDto,
  EnvelopeQueryDto,
  PendingApprovalDto,
  PendingApprovalPageDto,
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
  @ApiOkResponse({ type: PendingApprovalPageDto })
  inbox(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<Page<PendingApprovalDto>> {
    return this.budgets.inbox(actor, page);
  }

  @Get('budget-envelopes')
  @Requires('budgets.read')
  @ApiOperation({ operationId: 'listBudgetEnvelopes' })
  @ApiOkResponse({ type: EnvelopePageDto })
  list(@Query() query: EnvelopeQueryDto): Promise<Page<EnvelopeDto>> {
    return this.budgets.list(query);
  }

  @Post('budget-envelopes')
  @Requires('budgets.manage')
  @ApiOperation({
    operationId: 'createBudgetEnvelope',
    summary: 'Hours and money for a team or department for a quarter',
  })
  @Creates(EnvelopeDto, (envelope) => `budget-envelopes/${envelope.id}`)
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
