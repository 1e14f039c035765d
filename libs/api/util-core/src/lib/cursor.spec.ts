import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { FieldValidationException } from './problem-details';

describe('cursors', () => {
  it('round-trip the key of the last row', () => {
    const key: [string, string] = ['2026-11-22 10:00:00+00', '01a2-x'];
    expect(decodeCursor(encodeCursor(key) as string)).toEqual(key);
    expect(encodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined)).toBeUndefined();
  });
  it('reject anything a page did not hand out, naming the field', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(FieldValidationException);
    expect(() => decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toThrow(FieldValidationException);
    const notATime = encodeCursor(['yesterday', '01a2-x']) as string;
    expect(() => decodeCursor(notATime, ([at]) => !Number.isNaN(Date.parse(at)))).toThrow(FieldValidationException);
  });
});
