import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import {
  AddReflectionDto,
  CadenceDto,
  CadenceListDto,
  CloseReviewDto,
  CreateCadenceDto,
  ReviewDto,
  ReviewListDto,
  ReviewQueryDto,
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
  @ApiOkResponse({ type: CadenceListDto })
  async cadences(): Promise<CadenceListDto> {
    return { items: await this.reviews.cadences() };
  }

  @Post('review-cadences')
  @Requires('reviews.manage')
  @ApiOperation({ operationId: 'createReviewCadence' })
  @ApiCreatedResponse({ type: CadenceDto })
  createCadence(@Body() dto: CreateCadenceDto): Promise<CadenceDto> {
    return this.reviews.createCadence(dto);
  }

  @Put('review-cadences/:id')
  @Requires('reviews.manage')
  @ApiOperation({ operationId: 'updateReviewCadence', summary: 'Change or pause a cadence' })
  @ApiOkResponse({ type: CadenceDto })
  updateCadence(@IdParam() id: string, @Body() dto: UpdateCadenceDto): Promise<CadenceDto> {
    return this.reviews.updateCadence(id, dto);
  }

  @Get('reviews')
  @Requires('reviews.read')
  @ApiOperation({
    operationId: 'listReviews',
    summary: 'Reviews of the units you belong to or manage, newest first',
  })
  @ApiOkResponse({ type: ReviewListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ReviewQueryDto): Promise<ReviewListDto> {
    return { items: await this.reviews.list(actor, query) };
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
  @HttpCode(201)
  @Requires('reviews.read')
  @ApiOperation({ operationId: 'addReviewReflection' })
  @ApiCreatedResponse({ type: ReviewDto })
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
