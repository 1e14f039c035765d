import { describe, expect, it } from 'vitest';
import { analyseMeasure, isDataBackedImprovement } from '@kaizen/shared/domain-measures';
import { demoMeasureData, type DemoMeasureData } from './demo-measures';

/** What the demo's story needs from its data, whatever day the demo is seeded on. */
describe.each(['2026-12-03', '2027-03-29', '2027-07-04', '2027-10-01'])(
  'demo measures seeded on %s',
  (day) => {
    const data = demoMeasureData(new Date(`${day}T09:00:00Z`));
    const byKey = (key: string): DemoMeasureData => {
      const found = data.find((d) => d.key === key);
      if (!found) throw new Error(`no demo measure ${key}`);
      return found;
    };
    const evidence = (key: string) => {
      const { measure, points, link } = byKey(key);
      if (!link) throw new Error(`${key} tests no change`);
      const analysis = analyseMeasure(measure, points, {
        baselineThrough: link.baseline[1],
        changes: [link.change],
      });
      return isDataBackedImprovement(analysis, link.change);
    };

    it('has at least six measures with two years of weekly or monthly data', () => {
      expect(data.length).toBeGreaterThanOrEqual(6);
      for (const { points, measure } of data) {
        expect(points).toHaveLength(measure.cadence === 'week' ? 104 : 24);
        const span =
          new Date(points[points.length - 1].period).getTime() - new Date(points[0].period).getTime();
        expect(span / 86_400_000).toBeGreaterThan(measure.cadence === 'week' ? 700 : 690);
      }
    });

    it('shows a real improvement signal after the confirmed changes', () => {
      expect(evidence('med-north-night')).toBe(true);
      expect(evidence('physio-wait')).toBe(true);
    });

    it('shows none after the refuted change: an honest test', () => {
      expect(evidence('falls-south')).toBe(false);
    });

    it('has a proportion whose denominators vary', () => {
      const { measure, points } = byKey('adherence');
      expect(measure.kind).toBe('proportion');
      const denominators = points.map((p) => p.denominator ?? 0);
      expect(Math.max(...denominators) / Math.min(...denominators)).toBeGreaterThan(2);
    });
  },
);
