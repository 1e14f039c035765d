import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, isCursor } from './cursor';
import { FieldValidationException } from './field-validation';

const id = '01a23992-f20a-71ba-b1e3-809703624857';
const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('cursors', () => {
  it('round-trip the key of the last row', () => {
    const key: [string, string] = ['2026-11-22 10:00:00.123456+00', id];
    expect(decodeCursor(encodeCursor(key) as string, 'timestamp')).toEqual(key);
    expect(decodeCursor(encodeCursor(['Night shift', id]) as string, 'text')).toEqual(['Night shift', id]);
    expect(decodeCursor(encodeCursor(['2026-11-02', id]) as string, 'date')).toEqual(['2026-11-02', id]);
    expect(encodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined, 'timestamp')).toBeUndefined();
  });
  it('reject anything a page did not hand out, naming the field', () => {
    for (const [cursor, sort] of [
      ['not-a-cursor', 'timestamp'],
      [forge([1, 2]), 'text'],
      [forge(["x' OR 1=1--", 'y']), 'text'],
      [forge(['yesterday', id]), 'timestamp'],
      [forge(['2027-02-30 00:00:00+00', id]), 'timestamp'],
      [forge(['a\u0000b', id]), 'text'],
      [forge(['2027-02-30', id]), 'date'],
      [forge(['2026-11-02T00:00:00Z', id]), 'date'],
      [forge(['a\ud800', id]), 'text'],
      [forge(['2026-11-22 10:00:00+00', id, 'extra']), 'timestamp'],
    ] as const) {
      expect(() => decodeCursor(cursor, sort), cursor).toThrow(FieldValidationException);
    }
  });
  it('tell a cursor-shaped value from a forged one before any sort is known', () => {
    expect(isCursor(encodeCursor(['2026-11-22 10:00:00.123456+00', id]))).toBe(true);
    expect(isCursor(encodeCursor(['Night shift', id]))).toBe(true);
    expect(isCursor(forge(["x' OR 1=1--", 'y']))).toBe(false);
    expect(isCursor('not-a-cursor')).toBe(false);
    expect(isCursor(forge(['a\u0000b', id]))).toBe(false);
  });
});
