import { describe, expect, it } from 'vitest';
import { judgeEvidence } from '@kaizen/shared/domain-measures';
import { demoHistory } from './demo-history';
import { judgedPoints, demoMeasureData, type DemoMeasureData } from './demo-measures';

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
      const { measure, points, links } = byKey(key);
      const [link] = links;
      if (!link?.change) throw new Error(`${key} tests no change`);
      return judgeEvidence(
        measure,
        judgedPoints(points, link),
        { from: link.baseline[0], through: link.baseline[1] },
        [link.change],
      ).signalAfterChange;
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

    it('backs recent improvements of several teams with data, and hardly ever a refuted cycle', () => {
      const history = new Map(demoHistory().map((e) => [e.key, e]));
      const judged = data.flatMap(({ measure, points, links }) =>
        links.flatMap((link) => {
          const experiment = history.get(link.experiment);
          if (!experiment || link.change === null) return [];
          const { signalAfterChange } = judgeEvidence(
            measure,
            judgedPoints(points, link),
            { from: link.baseline[0], through: link.baseline[1] },
            [link.change],
          );
          return [{ experiment, signalAfterChange }];
        }),
      );
      // What the dashboards' half year counts: lessons recommending adoption whose data show the improvement.
      const recent = judged.filter(
        ({ experiment: e, signalAfterChange }) =>
          signalAfterChange &&
          ['adopt', 'standardise'].includes(e.lesson?.[1] ?? '') &&
          e.startDaysAgo - (e.durationDays ?? 0) < 183,
      );
      expect(recent.length).toBeGreaterThanOrEqual(5);
      expect(new Set(recent.map(({ experiment }) => experiment.team)).size).toBeGreaterThanOrEqual(3);
      const refuted = judged.filter(({ experiment }) => experiment.result?.[1] === 'refuted');
      expect(refuted.length).toBeGreaterThan(5);
      expect(refuted.filter((r) => r.signalAfterChange).length / refuted.length).toBeLessThan(0.2);
    });

    it('has proposals waiting for approval with a prediction and rule on their measure’s recent weeks', () => {
      const waiting = data.flatMap(({ links }) => links.filter((link) => link.rule));
      expect(waiting.length).toBeGreaterThanOrEqual(1);
      for (const link of waiting) {
        expect(link.change).toBeNull();
        expect(link.rule?.size).toBeGreaterThan(0);
      }
    });

    it('has a proportion whose denominators vary', () => {
      const { measure, points } = byKey('adherence');
      expect(measure.kind).toBe('proportion');
      const denominators = points.map((p) => p.denominator ?? 0);
      expect(Math.max(...denominators) / Math.min(...denominators)).toBeGreaterThan(2);
    });
  },
);
