import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import {
  AddReflectionDto,
  CadenceDto,
  CadencePageDto,
  CloseReviewDto,
  CreateCadenceDto,
  ProgrammeCadenceDto,
  ReviewDto,
  ReviewPageDto,
  ReviewQueryDto,
  ReviewSummaryDto,
  SetProgrammeCadenceDto,
  UpdateCadenceDto,
} from './reviews.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get('review-cadences')
  @Requires('reviews.read')
  @ApiOperation({
    operationId: 'listReviewCadences',
    summary: 'When each unit reviews, and when its next review opens',
  })
  @ApiOkResponse({ type: CadencePageDto })
  cadences(@Query() page: PageQueryDto): Promise<Page<CadenceDto>> {
    return this.reviews.cadences(page);
  }

  @Post('review-cadences')
  @Requires('reviews.manage')
  @ApiOperation({ operationId: 'createReviewCadence' })
  @Creates(CadenceDto, (cadence) => `review-cadences/${cadence.id}`)
  createCadence(@Body() dto: CreateCadenceDto): Promise<CadenceDto> {
    return this.reviews.createCadence(dto);
  }

  @Get('review-cadences/:id')
  @Requires('reviews.read')
  @ApiOperation({ operationId: 'getReviewCadence' })
  @ApiOkResponse({ type: CadenceDto })
  cadence(@IdParam() id: string): Promise<CadenceDto> {
    return this.reviews.cadenceDetail(id);
  }

  @Put('review-cadences/:id')
  @Requires('reviews.manage')
  @ApiOperation({ operationId: 'updateReviewCadence', summary: 'Change or pause a cadence' })
  @ApiOkResponse({ type: CadenceDto })
  updateCadence(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateCadenceDto,
  ): Promise<CadenceDto> {
    return this.reviews.updateUnitCadence(actor, id, dto);
  }

  @Get('programmes/:id/review-cadence')
  @Requires('experiments.read')
  @ApiTags('programmes')
  @ApiOperation({
    operationId: 'getProgrammeReviewCadence',
    summary:
      "The programme team's own review rhythm (null until its lead sets one), and whether you may set it",
  })
  @ApiOkResponse({ type: ProgrammeCadenceDto })
  programmeCadence(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ProgrammeCadenceDto> {
    return this.reviews.programmeCadence(actor, id);
  }

  @Put('programmes/:id/review-cadence')
  @Requires('experiments.write')
  @ApiTags('programmes')
  @ApiOperation({
    operationId: 'setProgrammeReviewCadence',
    summary:
      "Set, change or pause the programme team's review rhythm (its lead or an admin); changing needs the version read",
  })
  @ApiOkResponse({ type: CadenceDto })
  setProgrammeCadence(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SetProgrammeCadenceDto,
  ): Promise<CadenceDto> {
    return this.reviews.setProgrammeCadence(actor, id, dto);
  }

  @Get('reviews')
  @Requires('reviews.read')
  @ApiOperation({
    operationId: 'listReviews',
    summary: 'Reviews of the units you belong to or manage, newest first',
  })
  @ApiOkResponse({ type: ReviewPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ReviewQueryDto): Promise<Page<ReviewSummaryDto>> {
    return this.reviews.list(actor, query);
  }

  @Get('reviews/:id')
  @Requires('reviews.read')
  @ApiOperation({
    operationId: 'getReview',
    summary: 'A review with what awaits reflection, the lessons to discuss, and inner reviews',
  })
  @ApiOkResponse({ type: ReviewDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ReviewDto> {
    return this.reviews.get(actor, id);
  }

  @Post('reviews/:id/reflections')
  @Requires('reviews.read')
  @ApiOperation({ operationId: 'addReviewReflection', summary: 'Answers the review, reflections included' })
  @Creates(ReviewDto, (review) => `reviews/${review.id}`)
  reflect(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: AddReflectionDto,
  ): Promise<ReviewDto> {
    return this.reviews.reflect(actor, id, dto);
  }

  @Post('reviews/:id/close')
  @HttpCode(200)
  @Requires('reviews.read')
  @ApiOperation({ operationId: 'closeReview', summary: 'Close the review with the lessons it takes along' })
  @ApiOkResponse({ type: ReviewDto })
  close(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CloseReviewDto,
  ): Promise<ReviewDto> {
    return this.reviews.close(actor, id, dto.takeaways);
  }
}
