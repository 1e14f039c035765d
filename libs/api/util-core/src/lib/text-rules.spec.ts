import { describe, expect, it } from 'vitest';
import { textProblemsIn } from './text-rules';
import { parseJsonBody } from './json-body';
import { FieldValidationException } from './field-validation';

describe('the text rule', () => {
  it('names each string with NUL or a lone surrogate by its path, keys included', () => {
    expect(
      textProblemsIn({ a: 'ok \ud83d\ude00', b: ['x', 'y\u0000'], c: { d: '\ud800' }, 'k\udc00': 1 }),
    ).toEqual([
      expect.objectContaining({ field: 'b.1', rule: 'noNul' }),
      expect.objectContaining({ field: 'c.d', rule: 'wellFormedText' }),
      expect.objectContaining({ field: 'k\udc00', rule: 'wellFormedText' }),
    ]);
    expect(textProblemsIn('\u0000', 'q')).toEqual([expect.objectContaining({ field: 'q', rule: 'noNul' })]);
  });
});

describe('the JSON body parser', () => {
  const errorsOf = (raw: string | Buffer) => {
    try {
      parseJsonBody(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
    } catch (error) {
      expect(error).toBeInstanceOf(FieldValidationException);
      return (error as FieldValidationException).errors;
    }
    return [];
  };
  it('refuses deep nesting, prototype keys, invalid UTF-8 and broken JSON, naming the rule', () => {
    expect(errorsOf('['.repeat(100_000) + ']'.repeat(100_000))).toEqual([
      expect.objectContaining({ rule: 'maxDepth' }),
    ]);
    expect(
      errorsOf('{"a":{"__proto__":{}},"constructor":1}')
        .map((e) => e.field)
        .sort(),
    ).toEqual(['a.__proto__', 'constructor']);
    expect(errorsOf(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]))).toEqual([
      expect.objectContaining({ rule: 'utf8' }),
    ]);
    expect(errorsOf('{"a":')).toEqual([expect.objectContaining({ rule: 'json' })]);
    expect(errorsOf('[{"prototype":1}]')).toEqual([
      expect.objectContaining({ field: '0.prototype', rule: 'forbiddenKey' }),
    ]);
  });
  it('parses what is sane', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":"c"}]}'))).toEqual({ a: [1, { b: 'c' }] });
  });
});
