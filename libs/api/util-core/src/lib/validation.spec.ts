import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { IsOptional, IsString } from 'class-validator';
import { PageQueryDto } from './page';
import { FieldValidationException } from './field-validation';
import { createValidationPipe } from './validation';

describe('the validation pipe on queries', () => {
  const query = { type: 'query' as const, metatype: PageQueryDto, data: undefined };

  it('answers a query it has seen with a fresh DTO equal to the first', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ limit: '5' }, query)) as PageQueryDto;
    first.limit = 7;
    const second = (await pipe.transform({ limit: '5' }, query)) as PageQueryDto;
    expect(second).toBeInstanceOf(PageQueryDto);
    expect(second).toEqual(Object.assign(new PageQueryDto(), { limit: 5 }));
    expect(second).not.toBe(first);
  });

  it('hands out lists a handler may change without changing the remembered query', async () => {
    class TaggedQueryDto extends PageQueryDto {
      @IsOptional()
      @IsString({ each: true })
      tag?: string[];
    }
    const pipe = createValidationPipe();
    const tagged = { type: 'query' as const, metatype: TaggedQueryDto, data: undefined };
    const first = (await pipe.transform({ tag: ['a', 'b'] }, tagged)) as TaggedQueryDto;
    first.tag?.push('c');
    const second = (await pipe.transform({ tag: ['a', 'b'] }, tagged)) as TaggedQueryDto;
    second.tag?.splice(0);
    expect(await pipe.transform({ tag: ['a', 'b'] }, tagged)).toEqual(
      Object.assign(new TaggedQueryDto(), { tag: ['a', 'b'] }),
    );
  });

  it('refuses an invalid query every time it comes', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      const refusal = await pipe.transform({ limit: '0' }, query).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(FieldValidationException);
      expect((refusal as FieldValidationException).errors).toMatchObject([{ field: 'limit', rule: 'min' }]);
    }
    await expect(pipe.transform({ limit: '5', extra: 'x' }, query)).rejects.toBeInstanceOf(
      FieldValidationException,
    );
  });
});
