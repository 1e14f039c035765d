import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam, PageQueryDto } from '@kaizen/api/util-core';
import {
  DecisionInputDto,
  DecisionReviewInputDto,
  DecisionReviewPageDto,
  DecisionRuleInputDto,
  DecisionStateDto,
} from './decision.dto';
import { DecisionsService } from './decisions.service';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller()
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Get('experiments/:id/decision')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'getExperimentDecision',
    summary: "The prediction and rule, what the data propose, and the team's decision with its review",
  })
  @ApiOkResponse({ type: DecisionStateDto })
  state(@IdParam() id: string): Promise<DecisionStateDto> {
    return this.decisions.state(id);
  }

  @Put('experiments/:id/decision-rule')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'setExperimentDecisionRule',
    summary:
      'State the prediction on the linked measure and the rule (adopt on a signal within N periods, abandon without, adapt otherwise); frozen once approved',
  })
  @ApiOkResponse({ type: DecisionStateDto })
  setRule(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: DecisionRuleInputDto,
  ): Promise<DecisionStateDto> {
    return this.decisions.setRule(actor, id, dto);
  }

  @Put('experiments/:id/decision')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'decideExperiment',
    summary:
      "The team's decision at the result; deciding otherwise than the rule needs a reason and the approver's review",
  })
  @ApiOkResponse({ type: DecisionStateDto })
  decide(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: DecisionInputDto,
  ): Promise<DecisionStateDto> {
    return this.decisions.decide(actor, id, dto);
  }

  @Post('experiments/:id/decision/review')
  @HttpCode(HttpStatus.OK)
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'reviewExperimentDecision',
    summary: "The approver's second review of a decision that departs from its rule",
  })
  @ApiOkResponse({ type: DecisionStateDto })
  review(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: DecisionReviewInputDto,
  ): Promise<DecisionStateDto> {
    return this.decisions.review(actor, id, dto);
  }

  @Get('decision-reviews')
  @Requires('approvals.read')
  @ApiOperation({
    operationId: 'listDecisionReviews',
    summary: 'Decisions against their rule waiting for your review, oldest first',
  })
  @ApiOkResponse({ type: DecisionReviewPageDto })
  reviews(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<DecisionReviewPageDto> {
    return this.decisions.reviews(actor, query);
  }
}
