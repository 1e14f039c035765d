import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isCursor } from './cursor';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type Page } from './paging';
import { Satisfies } from './validation';

/** The query every collection endpoint takes; feature queries extend it with their filters. */
export class PageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    description: `Items per page: ${PAGE_LIMIT_DEFAULT} unless given, at most ${PAGE_LIMIT_MAX}.`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Satisfies('valid', isCursor, 'must be a value a previous page returned')
  cursor?: string;
}

/**
 * The documented page of `item`; a feature names it by extending it
 * (`class TeamPageDto extends PageDto(TeamDto) {}`), so the schema keeps a readable name.
 */
export function PageDto<T>(item: ClassType<T>) {
  abstract class ItemPage implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last.',
    })
    nextCursor!: string | null;
  }
  return ItemPage;
}
