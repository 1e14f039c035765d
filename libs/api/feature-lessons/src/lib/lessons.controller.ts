import { Body, Controller, Get, Header, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { ExperimentDto } from '@kaizen/api/data-access-experiments';
import { Creates, IdParam, type Page } from '@kaizen/api/util-core';
import { AdoptLessonDto, LessonDto, LessonPageDto, LessonQueryDto } from './lesson.dto';
import { LessonsService } from './lessons.service';

@ApiTags('lessons')
@ApiBearerAuth()
@Controller('lessons')
export class LessonsController {
  constructor(private readonly lessons: LessonsService) {}

  @Get()
  @Requires('lessons.read')
  @ApiOperation({ operationId: 'listLessons', summary: 'Search and filter the lessons you can see' })
  @ApiOkResponse({ type: LessonPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: LessonQueryDto): Promise<Page<LessonDto>> {
    return this.lessons.list(actor, query);
  }

  @Get('export')
  @Requires('lessons.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="lessons.csv"')
  @ApiOperation({ operationId: 'exportLessons', summary: 'The lessons you can see, as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  export(@CurrentActor() actor: Actor): Promise<string> {
    return this.lessons.exportCsv(actor);
  }

  @Get(':id')
  @Requires('lessons.read')
  @ApiOperation({ operationId: 'getLesson' })
  @ApiOkResponse({ type: LessonDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<LessonDto> {
    return this.lessons.get(actor, id);
  }

  @Post(':id/adoptions')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'adoptLesson',
    summary: 'Another team adopts the lesson: a follow-up experiment starts there',
  })
  @Creates(ExperimentDto, (experiment) => `experiments/${experiment.id}`)
  adopt(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: AdoptLessonDto,
  ): Promise<ExperimentDto> {
    return this.lessons.adopt(actor, id, dto.teamId);
  }
}
