import { describe, expect, it } from 'vitest';
import { ScanSeal } from './scan-seal';

describe('ScanSeal', () => {
  const seal = new ScanSeal(['a'.repeat(40)]);

  it('opens what it sealed, and every sheet seals to the same size whatever its comment', () => {
    const short = seal.sealSheet({ unit: 'team:x', answers: { sv1: 4 }, comment: null });
    const long = seal.sealSheet({ unit: 'team:x', answers: { sv1: 4 }, comment: 'ü'.repeat(2_000) });
    expect(short.length).toBe(long.length);
    expect(seal.openSheet(long)).toEqual({ unit: 'team:x', answers: { sv1: 4 }, comment: 'ü'.repeat(2_000) });
    expect(short.toString('latin1')).not.toMatch(/sv1|team/);
  });

  it('seals the same sheet differently each time, so equal sheets do not look equal', () => {
    const sheet = { unit: 'team:x', answers: { sv1: 4 }, comment: null };
    expect(seal.sealSheet(sheet).equals(seal.sealSheet(sheet))).toBe(false);
  });

  it('pads cells to a power of two from 16 KiB', () => {
    const cell = (comments: number) =>
      seal.sealCell({
        responses: 1,
        comments: Array(comments).fill('x'.repeat(1_000)),
        tallies: [['sv1', 4, 1]],
      });
    expect(cell(0).length - 28).toBe(16 * 1024);
    expect(cell(20).length - 28).toBe(32 * 1024);
    expect(seal.openCell(cell(1))).toEqual({
      responses: 1,
      comments: ['x'.repeat(1_000)],
      tallies: [['sv1', 4, 1]],
    });
  });

  it('cannot be opened with another secret, but still opens with an older one listed after the new', () => {
    const sealed = seal.sealSheet({ unit: 'team:x', answers: { sv1: 4 }, comment: null });
    expect(() => new ScanSeal(['b'.repeat(40)]).openSheet(sealed)).toThrow(/none of the secrets/);
    const rotated = new ScanSeal(['b'.repeat(40), 'a'.repeat(40)]);
    expect(rotated.openSheet(sealed).answers).toEqual({ sv1: 4 });
    expect(() => seal.openSheet(rotated.sealSheet({ unit: 'team:x', answers: {}, comment: null }))).toThrow();
  });
});
