import { describe, expect, it } from 'vitest';
import { digestWeekBefore, nextDigest } from './digest-week';

describe('weekly digest', () => {
  it('covers last Monday to this Monday and goes out on Monday 09:00 local', () => {
    const week = digestWeekBefore(new Date('2027-01-13T12:00:00Z'), 'Europe/Amsterdam');
    expect(week.weekStart).toBe('2027-01-04');
    expect(week.start.toISOString()).toBe('2027-01-03T23:00:00.000Z');
    expect(week.end.toISOString()).toBe('2027-01-10T23:00:00.000Z');
    expect(week.sendAt.toISOString()).toBe('2027-01-11T08:00:00.000Z');
  });

  it('finds the next digest: this Monday if it is still early, else next Monday', () => {
    expect(nextDigest(new Date('2027-01-11T06:00:00Z'), 'Europe/Amsterdam').sendAt.toISOString()).toBe(
      '2027-01-11T08:00:00.000Z',
    );
    const later = nextDigest(new Date('2027-01-11T08:00:00Z'), 'Europe/Amsterdam');
    expect(later.sendAt.toISOString()).toBe('2027-01-18T08:00:00.000Z');
    expect(later.weekStart).toBe('2027-01-11');
  });
});
