import { describe, expect, it } from 'vitest';
import { deliveryMoment, isQuiet, plannedDelivery } from './quiet-hours';

const amsterdam = 'Europe/Amsterdam';

describe('quiet hours', () => {
  it('delivers at once outside quiet hours', () => {
    const due = new Date('2027-01-11T10:00:00Z'); // 11:00 local
    expect(deliveryMoment(due, amsterdam, { start: 20, end: 8 })).toEqual(due);
  });

  it('holds an evening reminder until the next morning, local time', () => {
    const due = new Date('2027-01-11T21:30:00Z'); // 22:30 local
    expect(deliveryMoment(due, amsterdam, { start: 20, end: 8 }).toISOString()).toBe(
      '2027-01-12T07:00:00.000Z',
    );
  });

  it('holds a reminder due after midnight until the end of the same night', () => {
    const due = new Date('2027-01-12T02:00:00Z'); // 03:00 local
    expect(deliveryMoment(due, amsterdam, { start: 20, end: 8 }).toISOString()).toBe(
      '2027-01-12T07:00:00.000Z',
    );
  });

  it("uses the recipient's own zone: 08:00 in Amsterdam is 02:00 in New York, still quiet there", () => {
    const due = new Date('2027-01-12T07:00:00Z');
    expect(deliveryMoment(due, 'America/New_York', { start: 22, end: 7 }).toISOString()).toBe(
      '2027-01-12T12:00:00.000Z',
    );
  });

  it('ends the quiet hours at their local hour on the night summer time starts', () => {
    const due = new Date('2027-03-27T23:00:00Z'); // 00:00 local on 28 March
    expect(deliveryMoment(due, amsterdam, { start: 22, end: 7 }).toISOString()).toBe(
      '2027-03-28T05:00:00.000Z',
    );
  });

  it('handles daytime quiet hours that do not wrap midnight, and none at all', () => {
    expect(isQuiet(12, { start: 12, end: 13 })).toBe(true);
    expect(isQuiet(13, { start: 12, end: 13 })).toBe(false);
    const due = new Date('2027-01-11T11:15:00Z'); // 12:15 local
    expect(deliveryMoment(due, amsterdam, { start: 12, end: 13 }).toISOString()).toBe(
      '2027-01-11T12:00:00.000Z',
    );
    expect(deliveryMoment(due, amsterdam, { start: 0, end: 0 })).toEqual(due);
  });
});

describe('plannedDelivery', () => {
  const newYork = 'America/New_York';
  const quiet = { start: 20, end: 8 };

  it('holds a moment already past when now is inside quiet hours, until they end', () => {
    const due = new Date('2027-01-12T14:00:00Z'); // 09:00 in New York, outside quiet hours
    const now = new Date('2027-01-13T08:59:00Z'); // 03:59 in New York, inside them
    expect(plannedDelivery(due, now, newYork, quiet).toISOString()).toBe('2027-01-13T13:00:00.000Z');
  });

  it('sends a moment already past at once when now is outside quiet hours', () => {
    const due = new Date('2027-01-12T03:00:00Z');
    const now = new Date('2027-01-12T15:00:00Z');
    expect(plannedDelivery(due, now, newYork, quiet)).toEqual(now);
  });

  it('keeps a moment to come, moved out of quiet hours as before', () => {
    const due = new Date('2027-01-14T03:00:00Z'); // 22:00 the evening before in New York
    const now = new Date('2027-01-12T15:00:00Z');
    expect(plannedDelivery(due, now, newYork, quiet).toISOString()).toBe('2027-01-14T13:00:00.000Z');
  });
});
