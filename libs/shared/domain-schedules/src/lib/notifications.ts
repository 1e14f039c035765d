import { DateTime } from 'luxon';

/**
 * The notifications people get, worded once in English and Dutch: the in-app list, the e-mail and
 * the webhook post all say the same. A refuted hypothesis is learning, so the digest celebrates it.
 */
export const notificationKinds = [
  'check_in_due',
  'result_overdue',
  'lesson_missing',
  'approval_escalated',
  'review_opened',
  'weekly_digest',
  'decision_review_pending',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export type Locale = 'en' | 'nl';

/** Which e-mail preference governs a kind. */
export const emailPreferenceOf: Record<NotificationKind, 'reminders' | 'reviews' | 'digest'> = {
  check_in_due: 'reminders',
  result_overdue: 'reminders',
  lesson_missing: 'reminders',
  approval_escalated: 'reminders',
  review_opened: 'reviews',
  weekly_digest: 'digest',
  // A second approval step: it follows the approvals' switch.
  decision_review_pending: 'reminders',
};

/** Whether someone with these e-mail preferences gets this kind by e-mail (in-app they always get it). */
export function wantsEmail(
  email: Record<'reminders' | 'reviews' | 'digest', boolean>,
  kind: NotificationKind,
): boolean {
  return email[emailPreferenceOf[kind]];
}

export interface DigestHighlight {
  insight: string;
  verdict: 'confirmed' | 'refuted' | 'inconclusive' | null;
  teamName: string;
}

export interface NotificationParams {
  experimentId?: string;
  experimentTitle?: string;
  /** ISO instant the reminder was due. */
  dueAt?: string;
  hoursWaiting?: number;
  reviewId?: string;
  unitName?: string;
  weekStart?: string;
  lessons?: number;
  confirmed?: number;
  refuted?: number;
  adoptions?: number;
  /** Improvements adopted in the week (self-reported), and how many of them their measure backs. */
  improvements?: number;
  dataBacked?: number;
  highlights?: DigestHighlight[];
  timeZone?: string;
  /** A team's decision at the result, what its rule proposed (none: wait for data) and why they departed. */
  decision?: TeamDecision;
  proposedDecision?: TeamDecision | null;
  reason?: string;
}

export type TeamDecision = 'adopt' | 'adapt' | 'abandon';
const decisionsNl: Record<TeamDecision, string> = {
  adopt: 'overnemen',
  adapt: 'aanpassen',
  abandon: 'niet doorgaan',
};

export interface NotificationText {
  title: string;
  body: string[];
  /** Where in the web app it leads, relative to the app's address. */
  path: string;
  /** The label of the button or link that leads there. */
  action: string;
}

export function describeNotification(
  kind: NotificationKind,
  params: NotificationParams,
  locale: Locale,
): NotificationText {
  const nl = locale === 'nl';
  const title = params.experimentTitle ?? '';
  const experimentPath = `/experiments/${params.experimentId ?? ''}`;
  switch (kind) {
    case 'check_in_due':
      return {
        title: nl ? `Tijd voor een check-in: ${title}` : `Time for a check-in: ${title}`,
        body: [
          nl
            ? `Hoe loopt "${title}"? Een korte check-in laat je team zien waar het experiment staat en wat je onderweg tegenkomt.`
            : `How is "${title}" going? A short check-in shows your team where the experiment stands and what you are running into.`,
        ],
        path: experimentPath,
        action: nl ? 'Check-in doen' : 'Check in',
      };
    case 'result_overdue':
      return {
        title: nl ? `Wat is de uitkomst van "${title}"?` : `What came out of "${title}"?`,
        body: [
          nl
            ? `De geplande einddatum is voorbij. Leg de uitkomst vast, ook als de hypothese weerlegd is: dat is net zo goed een resultaat.`
            : `The planned end date has passed. Record the result, also if the hypothesis was refuted: that is a result too.`,
        ],
        path: experimentPath,
        action: nl ? 'Uitkomst vastleggen' : 'Record the result',
      };
    case 'lesson_missing':
      return {
        title: nl ? `Welke les trek je uit "${title}"?` : `What did "${title}" teach you?`,
        body: [
          nl
            ? `De uitkomst staat er, de les nog niet. Schrijf op wat je team geleerd heeft, zodat andere teams erop kunnen voortbouwen.`
            : `The result is in, the lesson is not yet. Write down what your team learned, so other teams can build on it.`,
        ],
        path: experimentPath,
        action: nl ? 'Les vastleggen' : 'Capture the lesson',
      };
    case 'approval_escalated':
      return {
        title: nl
          ? `Voorstel wacht op een besluit: ${title}`
          : `A proposal is waiting for a decision: ${title}`,
        body: [
          nl
            ? `"${title}" wacht al ${params.hoursWaiting ?? '?'} uur op goedkeuring. Omdat de eerste beoordelaar nog niet heeft besloten, vragen we het nu aan jou.`
            : `"${title}" has been waiting ${params.hoursWaiting ?? '?'} hours for approval. Its first approver has not decided yet, so we are asking you.`,
        ],
        path: `/approvals`,
        action: nl ? 'Naar de goedkeuringen' : 'Open the approval inbox',
      };
    case 'review_opened':
      return {
        title: nl ? `Terugblik geopend: ${params.unitName ?? ''}` : `Review opened: ${params.unitName ?? ''}`,
        body: [
          nl
            ? `De terugblik van ${params.unitName ?? ''} staat klaar. Kijk samen naar de afgeronde experimenten, deel je reflectie en sluit af met de lessen die je meeneemt.`
            : `The review for ${params.unitName ?? ''} is ready. Look back on the finished experiments together, add your reflection and close with the lessons you take along.`,
        ],
        path: `/reviews/${params.reviewId ?? ''}`,
        action: nl ? 'Naar de terugblik' : 'Open the review',
      };
    case 'weekly_digest':
      return digest(params, nl);
    case 'decision_review_pending':
      return decisionReview(params, title, nl);
  }
}

function decisionReview(params: NotificationParams, title: string, nl: boolean): NotificationText {
  const word = (decision: TeamDecision | null | undefined) =>
    decision ? (nl ? decisionsNl[decision] : decision) : nl ? 'wachten op data' : 'to wait for data';
  return {
    title: nl ? `Een besluit wijkt af van de regel: ${title}` : `A decision departs from its rule: ${title}`,
    body: [
      nl
        ? `Het team van "${title}" besloot ${word(params.decision)} waar de regel die je goedkeurde ${word(params.proposedDecision)} voorstelt. Hun reden: ${params.reason ?? ''}`
        : `The team of "${title}" decided to ${word(params.decision)} where the rule you approved proposes ${word(params.proposedDecision)}. Their reason: ${params.reason ?? ''}`,
      nl
        ? 'De les telt pas als gevalideerde verbetering als jij het besluit bevestigt.'
        : 'The lesson counts as a validated improvement only once you uphold the decision.',
    ],
    path: '/approvals',
    action: nl ? 'Besluit beoordelen' : 'Review the decision',
  };
}

function digest(params: NotificationParams, nl: boolean): NotificationText {
  const lessons = params.lessons ?? 0;
  const refuted = params.refuted ?? 0;
  const week = params.weekStart
    ? DateTime.fromISO(params.weekStart)
        .setLocale(nl ? 'nl' : 'en')
        .toFormat('d MMMM')
    : '';
  const body: string[] = [];
  if (lessons === 0) {
    body.push(
      nl
        ? 'Deze week zijn er geen nieuwe lessen vastgelegd. Misschien loopt er een experiment dat bijna klaar is?'
        : 'No new lessons were captured this week. Perhaps an experiment is nearly done?',
    );
  } else {
    body.push(
      nl
        ? `Jullie hebben deze week ${lessons} ${lessons === 1 ? 'les' : 'lessen'} vastgelegd: ${params.confirmed ?? 0} bevestigde en ${refuted} weerlegde ${refuted === 1 ? 'hypothese' : 'hypothesen'}.`
        : `You captured ${lessons} ${lessons === 1 ? 'lesson' : 'lessons'} this week: ${params.confirmed ?? 0} confirmed and ${refuted} refuted ${refuted === 1 ? 'hypothesis' : 'hypotheses'}.`,
    );
    if (refuted > 0) {
      body.push(
        nl
          ? 'Een weerlegde hypothese is geen mislukking: het is precies het soort inzicht waar een lerende organisatie van groeit. Goed gedaan.'
          : 'A refuted hypothesis is not a failure: it is exactly the kind of insight a learning organisation grows from. Well done.',
      );
    }
    const improvements = params.improvements ?? 0;
    if (improvements > 0) {
      const backed = params.dataBacked ?? 0;
      body.push(
        nl
          ? `${improvements} ${improvements === 1 ? 'verbetering' : 'verbeteringen'} ingevoerd: ${backed} onderbouwd met data (hun meting liet na de verandering een verbetersignaal zien), ${improvements - backed} op eigen oordeel.`
          : `${improvements} ${improvements === 1 ? 'improvement was' : 'improvements were'} adopted: ${backed} data-backed (their measure showed an improvement signal after the change), ${improvements - backed} self-reported.`,
      );
    }
    if ((params.adoptions ?? 0) > 0) {
      body.push(
        nl
          ? `${params.adoptions} ${params.adoptions === 1 ? 'les is' : 'lessen zijn'} door een ander team overgenomen.`
          : `${params.adoptions} ${params.adoptions === 1 ? 'lesson was' : 'lessons were'} adopted by another team.`,
      );
    }
    for (const highlight of params.highlights ?? []) {
      const verdict = highlight.verdict
        ? nl
          ? verdictsNl[highlight.verdict]
          : highlight.verdict
        : nl
          ? 'gestopt'
          : 'stopped';
      body.push(`• ${highlight.teamName} (${verdict}): ${highlight.insight}`);
    }
  }
  return {
    title: nl ? `Wat we deze week leerden (week van ${week})` : `What we learned this week (week of ${week})`,
    body,
    path: '/lessons',
    action: nl ? 'Naar de lessen' : 'Browse the lessons',
  };
}

const verdictsNl = { confirmed: 'bevestigd', refuted: 'weerlegd', inconclusive: 'onbeslist' } as const;

/** Webhook events an organisation can subscribe to. */
export const webhookEvents = [
  'review.opened',
  'review.closed',
  'approval.escalated',
  'lesson.captured',
  'digest.weekly',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
export const webhookFormats = ['slack', 'teams'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** A post in the JSON Slack's and Microsoft Teams' incoming webhooks accept. */
export function webhookBody(
  format: WebhookFormat,
  message: { title: string; lines: string[]; link: string },
): Record<string, unknown> {
  if (format === 'slack') {
    const text = `*${message.title}*\n${message.lines.join('\n')}\n<${message.link}|Kaizen Loop>`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: message.title,
    themeColor: '2F6F5E',
    title: message.title,
    text: message.lines.join('\n\n'),
    potentialAction: [
      { '@type': 'OpenUri', name: 'Kaizen Loop', targets: [{ os: 'default', uri: message.link }] },
    ],
  };
}

/** After this many failed deliveries in a row, a webhook is switched off until an admin turns it back on. */
export const WEBHOOK_FAILURE_LIMIT = 5;

/** Reminders that went unsent longer than this (the worker was down) are merged into one e-mail per person. */
export const CATCH_UP_AFTER_MS = 15 * 60_000;

/**
 * Why several notifications share one e-mail: caught up after downtime (all of a person's, instead of a burst),
 * or due together (a person's reminders of one reason and one due moment, such as a Monday's check-ins).
 */
export type MergeReason = 'caught-up' | 'due-together';

/**
 * Which of a firing's reminder e-mails go out as one message to their person: the group's key. One e-mail per
 * (person, reason, due moment); after downtime, one for everything the person missed.
 */
export function reminderMailGroup(
  reminder: { kind: string; dueAt: Date; fireAt: Date },
  now: Date,
): { reason: MergeReason; key: string } {
  return now.getTime() - reminder.fireAt.getTime() > CATCH_UP_AFTER_MS
    ? { reason: 'caught-up', key: 'caught-up' }
    : { reason: 'due-together', key: `${reminder.kind} ${reminder.dueAt.getTime()}` };
}

const mergedWording: Record<
  MergeReason,
  Record<Locale, (count: number) => { title: string; intro: string }>
> = {
  'caught-up': {
    en: (count) => ({
      title: `${count} reminders are waiting for you`,
      intro: 'While we could not send you anything, more came due. In one message:',
    }),
    nl: (count) => ({
      title: `${count} herinneringen wachten op je`,
      intro: 'Terwijl we je niets konden sturen, kwam er meer op je af. In één bericht:',
    }),
  },
  'due-together': {
    en: (count) => ({
      title: `${count} reminders are due`,
      intro: 'They came due at the same moment, so here they are in one message:',
    }),
    nl: (count) => ({
      title: `${count} herinneringen staan klaar`,
      intro: 'Ze vielen op hetzelfde moment, dus je krijgt ze in één bericht:',
    }),
  },
};

/**
 * One e-mail for several notifications: each one's title as a line, and the way to the in-app list, where each
 * is still its own notification.
 */
export function describeMerged(
  reason: MergeReason,
  texts: NotificationText[],
  locale: Locale,
): NotificationText {
  const { title, intro } = mergedWording[reason][locale](texts.length);
  return {
    title,
    body: [intro, ...texts.map((text) => `• ${text.title}`)],
    path: '/notifications',
    action: locale === 'nl' ? 'Naar je meldingen' : 'Open your notifications',
  };
}
