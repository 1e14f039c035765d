import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { SimilarWorkDto, SimilarWorkQueryDto } from './similar-work.dto';
import { SimilarWorkService } from './similar-work.service';

@ApiTags('experiments')
@ApiBearerAuth()
@Controller('similar-work')
export class SimilarWorkController {
  constructor(private readonly similar: SimilarWorkService) {}

  @Post()
  @Requires('lessons.read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'findSimilarWork',
    summary:
      'Has this been tried? Earlier experiments and the lessons you may see, closest to a draft problem and hypothesis first (Dutch and English full text plus trigram similarity)',
  })
  @ApiOkResponse({ type: SimilarWorkDto })
  find(@CurrentActor() actor: Actor, @Body() query: SimilarWorkQueryDto): Promise<SimilarWorkDto> {
    return this.similar.find(actor, query);
  }
}
