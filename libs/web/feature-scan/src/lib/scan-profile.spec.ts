import { describe, expect, it } from 'vitest';
import { scalePosition, wrapLabel } from './scan-profile';

describe('wrapLabel', () => {
  it('breaks a long name at spaces into short lines', () => {
    expect(wrapLabel('Steun van de organisatie', 16)).toEqual(['Steun van de', 'organisatie']);
    expect(wrapLabel('Persoonlijk meesterschap', 16)).toEqual(['Persoonlijk', 'meesterschap']);
  });
  it('keeps a short name whole, and a word longer than a line on its own line', () => {
    expect(wrapLabel('Teamleren')).toEqual(['Teamleren']);
    expect(wrapLabel('Organisational support', 10)).toEqual(['Organisational', 'support']);
  });
});

describe('scalePosition', () => {
  it('places 1 at the start, 5 at the end and 3 halfway', () => {
    expect(scalePosition(1)).toBe(0);
    expect(scalePosition(5)).toBe(100);
    expect(scalePosition(3)).toBe(50);
    expect(scalePosition(3.45)).toBe(61.3);
  });
  it('keeps values inside the scale and leaves missing ones out', () => {
    expect(scalePosition(0)).toBe(0);
    expect(scalePosition(6)).toBe(100);
    expect(scalePosition(null)).toBeNull();
    expect(scalePosition(undefined)).toBeNull();
  });
});
