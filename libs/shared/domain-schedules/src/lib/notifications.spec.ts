import { describe, expect, it } from 'vitest';
import {
  CATCH_UP_AFTER_MS,
  describeMerged,
  describeNotification,
  reminderMailGroup,
  wantsEmail,
  webhookBody,
} from './notifications';

describe('notification texts', () => {
  it('words a check-in reminder in English and Dutch, leading to the experiment', () => {
    const params = { experimentId: 'e1', experimentTitle: 'Warme overdracht' };
    expect(describeNotification('check_in_due', params, 'en')).toMatchObject({
      title: 'Time for a check-in: Warme overdracht',
      path: '/experiments/e1',
    });
    expect(describeNotification('check_in_due', params, 'nl').title).toBe(
      'Tijd voor een check-in: Warme overdracht',
    );
  });

  it('never calls a refuted hypothesis a failure, and celebrates it in the digest', () => {
    const week = {
      weekStart: '2027-01-04',
      lessons: 3,
      confirmed: 1,
      refuted: 2,
      adoptions: 1,
      highlights: [{ insight: 'Order beats speed', verdict: 'refuted' as const, teamName: 'Nights' }],
    };
    const en = describeNotification('weekly_digest', week, 'en');
    expect(en.title).toBe('What we learned this week (week of 4 January)');
    expect(en.body).toEqual([
      'You captured 3 lessons this week: 1 confirmed and 2 refuted hypotheses.',
      'A refuted hypothesis is not a failure: it is exactly the kind of insight a learning organisation grows from. Well done.',
      '1 lesson was adopted by another team.',
      '• Nights (refuted): Order beats speed',
    ]);
    const nl = describeNotification('weekly_digest', week, 'nl');
    expect(nl.title).toBe('Wat we deze week leerden (week van 4 januari)');
    expect(nl.body[3]).toBe('• Nights (weerlegd): Order beats speed');
    for (const line of [...en.body, ...nl.body])
      expect(line.toLowerCase()).not.toMatch(/\bfailed\b|mislukt\b/);
  });

  it('says which improvements the data back and which the teams report', () => {
    const week = {
      weekStart: '2027-01-04',
      lessons: 4,
      confirmed: 3,
      refuted: 1,
      improvements: 3,
      dataBacked: 2,
    };
    expect(describeNotification('weekly_digest', week, 'en').body).toContain(
      '3 improvements were adopted: 2 data-backed (their measure showed an improvement signal after the change), 1 self-reported.',
    );
    expect(describeNotification('weekly_digest', week, 'nl').body).toContain(
      '3 verbeteringen ingevoerd: 2 onderbouwd met data (hun meting liet na de verandering een verbetersignaal zien), 1 op eigen oordeel.',
    );
    expect(
      describeNotification('weekly_digest', { ...week, improvements: 0, dataBacked: 0 }, 'en').body.join(' '),
    ).not.toMatch(/improvements were adopted/);
  });

  it('says a quiet week plainly instead of inventing progress', () => {
    expect(describeNotification('weekly_digest', { weekStart: '2027-01-04', lessons: 0 }, 'en').body).toEqual(
      ['No new lessons were captured this week. Perhaps an experiment is nearly done?'],
    );
  });
});

describe('a decision waiting for its second review', () => {
  const params = {
    experimentId: 'e1',
    experimentTitle: 'Night round',
    decision: 'adopt' as const,
    proposedDecision: 'adapt' as const,
    reason: 'Four fewer falls is enough',
  };

  it('tells the approver what the team decided against which rule, and why, in English and Dutch', () => {
    const en = describeNotification('decision_review_pending', params, 'en');
    expect(en).toMatchObject({ title: 'A decision departs from its rule: Night round', path: '/approvals' });
    expect(en.body[0]).toBe(
      'The team of "Night round" decided to adopt where the rule you approved proposes adapt. Their reason: Four fewer falls is enough',
    );
    const nl = describeNotification('decision_review_pending', { ...params, proposedDecision: null }, 'nl');
    expect(nl.title).toBe('Een besluit wijkt af van de regel: Night round');
    expect(nl.body[0]).toContain(
      'besloot overnemen waar de regel die je goedkeurde wachten op data voorstelt',
    );
  });

  it('follows the approvals e-mail switch', () => {
    expect(wantsEmail({ reminders: true, reviews: false, digest: false }, 'decision_review_pending')).toBe(
      true,
    );
    expect(wantsEmail({ reminders: false, reviews: true, digest: true }, 'decision_review_pending')).toBe(
      false,
    );
  });
});

describe('webhook bodies', () => {
  const message = {
    title: 'Review closed: Nights',
    lines: ['• Keep the order'],
    link: 'https://kaizen.example/reviews/r1',
  };

  it('posts Slack incoming-webhook JSON: text with a link, and the same as a section block', () => {
    const body = webhookBody('slack', message);
    expect(body['text']).toBe(
      '*Review closed: Nights*\n• Keep the order\n<https://kaizen.example/reviews/r1|Kaizen Loop>',
    );
    expect(body['blocks']).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: body['text'] } }]);
  });

  it('posts a Microsoft Teams MessageCard with an open-link action', () => {
    expect(webhookBody('teams', message)).toMatchObject({
      '@type': 'MessageCard',
      title: 'Review closed: Nights',
      text: '• Keep the order',
      potentialAction: [
        { '@type': 'OpenUri', targets: [{ os: 'default', uri: 'https://kaizen.example/reviews/r1' }] },
      ],
    });
  });
});

describe('e-mail preferences', () => {
  it('lets each kind follow its own switch', () => {
    const onlyDigest = { reminders: false, reviews: false, digest: true };
    expect(
      ['check_in_due', 'result_overdue', 'lesson_missing', 'approval_escalated'].map((kind) =>
        wantsEmail(onlyDigest, kind as never),
      ),
    ).toEqual([false, false, false, false]);
    expect(wantsEmail(onlyDigest, 'review_opened')).toBe(false);
    expect(wantsEmail(onlyDigest, 'weekly_digest')).toBe(true);
    expect(wantsEmail({ reminders: true, reviews: false, digest: false }, 'approval_escalated')).toBe(true);
  });
});

describe('reminders in one e-mail', () => {
  const texts = ['A', 'B', 'C'].map((title) =>
    describeNotification('check_in_due', { experimentId: title, experimentTitle: title }, 'nl'),
  );

  it('puts reminders caught up after downtime in one message, each by its title, in English and Dutch', () => {
    const merged = describeMerged('caught-up', texts, 'nl');
    expect(merged).toMatchObject({ title: '3 herinneringen wachten op je', path: '/notifications' });
    expect(merged.body.slice(1)).toEqual([
      '• Tijd voor een check-in: A',
      '• Tijd voor een check-in: B',
      '• Tijd voor een check-in: C',
    ]);
    expect(describeMerged('caught-up', texts.slice(0, 2), 'en').title).toBe(
      '2 reminders are waiting for you',
    );
  });

  it('words reminders that came due together as such, not as a catch-up', () => {
    const merged = describeMerged('due-together', texts, 'en');
    expect(merged.title).toBe('3 reminders are due');
    expect(merged.body[0]).toBe('They came due at the same moment, so here they are in one message:');
    expect(merged.body.slice(1)).toHaveLength(3);
    expect(describeMerged('due-together', texts, 'nl').title).toBe('3 herinneringen staan klaar');
  });

  it("groups a firing's e-mails per reason and due moment, and all of them after downtime", () => {
    const monday = new Date('2026-12-07T08:00:00Z');
    const now = new Date(monday.getTime() + 60_000);
    const checkIn = { kind: 'check_in_due', dueAt: monday, fireAt: monday };
    expect(reminderMailGroup(checkIn, now)).toEqual(
      reminderMailGroup({ ...checkIn, fireAt: new Date(monday.getTime() + 30_000) }, now),
    );
    expect(reminderMailGroup(checkIn, now).reason).toBe('due-together');
    expect(reminderMailGroup({ ...checkIn, kind: 'result_overdue' }, now).key).not.toBe(
      reminderMailGroup(checkIn, now).key,
    );
    expect(
      reminderMailGroup({ ...checkIn, dueAt: new Date(monday.getTime() - 86_400_000) }, now).key,
    ).not.toBe(reminderMailGroup(checkIn, now).key);
    const later = new Date(monday.getTime() + CATCH_UP_AFTER_MS + 1);
    expect(reminderMailGroup(checkIn, later)).toEqual({ reason: 'caught-up', key: 'caught-up' });
    expect(reminderMailGroup({ ...checkIn, kind: 'lesson_missing' }, later)).toEqual(
      reminderMailGroup(checkIn, later),
    );
  });
});
