import type { SendMailPayload } from '@kaizen/shared/util-jobs';

/**
 * The mails Kaizen Loop sends, in English and Dutch. Pure functions, no framework:
 * the worker renders a `mail/send` job's payload in the recipient's language.
 */

export type MailLocale = SendMailPayload['locale'];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A payload that no retry can render: a link that is not http(s), a non-positive expiry, an unknown template. */
export class MailTemplateError extends Error {
  override readonly name = 'MailTemplateError';
}

const PRODUCT = 'Kaizen Loop';

/** Role names as people read them; an unknown role is shown as it is. */
const ROLES: Record<MailLocale, Record<string, string>> = {
  en: {
    member: 'member',
    team_lead: 'team lead',
    department_head: 'department head',
    org_admin: 'organisation admin',
  },
  nl: {
    member: 'lid',
    team_lead: 'teamleider',
    department_head: 'afdelingshoofd',
    org_admin: 'organisatiebeheerder',
  },
};

/** The name of an organisation role in the given language, e.g. `team_lead` -> `teamleider`. */
export function roleLabel(role: string, locale: MailLocale): string {
  return ROLES[locale][role] ?? role;
}

export function renderMail(payload: SendMailPayload): RenderedMail {
  const locale = payload.locale;
  if (locale !== 'en' && locale !== 'nl') throw new MailTemplateError(`unknown locale "${String(locale)}"`);
  switch (payload.template) {
    case 'password-reset': {
      const { link, expiresInMinutes } = payload.params;
      return layout(
        locale,
        passwordReset[locale]({
          link: checkedLink(link),
          validFor: duration(locale, positive(expiresInMinutes, 'expiresInMinutes')),
        }),
      );
    }
    case 'invitation': {
      const { link, organisationName, invitedBy, role, expiresInDays } = payload.params;
      return layout(
        locale,
        invitation[locale]({
          link: checkedLink(link),
          organisation: oneLine(organisationName),
          invitedBy: oneLine(invitedBy),
          role: oneLine(role),
          validFor: days(locale, positive(expiresInDays, 'expiresInDays')),
        }),
      );
    }
    case 'notification': {
      const { title, body, link, button, preferencesLink } = payload.params;
      return layout(
        locale,
        notification[locale]({
          title: oneLine(title),
          body,
          link: checkedLink(link),
          button: oneLine(button),
          preferencesLink: checkedLink(preferencesLink),
        }),
      );
    }
    case 'scan-invitation':
    case 'scan-reminder': {
      const { link, organisationName, title, closesAt, timeZone } = payload.params;
      const words = {
        link: checkedLink(link),
        organisation: oneLine(organisationName),
        title: oneLine(title),
        closesOn: dateIn(locale, closesAt, timeZone),
      };
      return layout(
        locale,
        (payload.template === 'scan-invitation' ? scanInvitation : scanReminder)[locale](words),
      );
    }
    default:
      throw new MailTemplateError(
        `unknown mail template "${String((payload as { template?: unknown }).template)}"`,
      );
  }
}

// ---------------------------------------------------------------------------
// The words

/** A piece of prose with its plain-text and HTML forms; parameters are escaped in the HTML form only. */
interface Rich {
  text: string;
  html: string;
}

interface MailContent {
  subject: string;
  /** The preview line a mail client shows after the subject. */
  preheader: string;
  greeting: string;
  intro: Rich[];
  action: { lead: string; button: string; link: string };
  /** For when the button does not work. */
  fallback: string;
  outro: Rich[];
  signoff: [string, string];
}

interface PasswordResetWords {
  link: string;
  validFor: string;
}

interface InvitationWords {
  link: string;
  organisation: string;
  invitedBy: string;
  role: string;
  validFor: string;
}

const passwordReset: Record<MailLocale, (p: PasswordResetWords) => MailContent> = {
  en: ({ link, validFor }) => ({
    subject: `Reset your ${PRODUCT} password`,
    preheader: `Choose a new password. The link is valid for ${validFor}.`,
    greeting: 'Hi,',
    intro: [
      rich`We received a request to reset the password for your ${PRODUCT} account. Forgetting a password happens to all of us, and choosing a new one only takes a moment.`,
    ],
    action: { lead: 'Choose a new password here:', button: 'Choose a new password', link },
    fallback: 'Does the button not work? Copy this link into your browser:',
    outro: [
      rich`This link is valid for ${strong(validFor)}. After that, you can simply request a new one.`,
      rich`Didn't ask for this? Then you can safely ignore this email: your current password keeps working.`,
    ],
    signoff: ['Warm regards,', `The ${PRODUCT} team`],
  }),
  nl: ({ link, validFor }) => ({
    subject: `Je wachtwoord voor ${PRODUCT} opnieuw instellen`,
    preheader: `Kies een nieuw wachtwoord. De link is ${validFor} geldig.`,
    greeting: 'Hoi,',
    intro: [
      rich`We kregen een verzoek om het wachtwoord van je ${PRODUCT}-account opnieuw in te stellen. Een wachtwoord vergeten overkomt iedereen, en een nieuw wachtwoord kiezen is zo gedaan.`,
    ],
    action: { lead: 'Kies hier een nieuw wachtwoord:', button: 'Nieuw wachtwoord kiezen', link },
    fallback: 'Werkt de knop niet? Kopieer deze link dan naar je browser:',
    outro: [
      rich`Deze link is ${strong(validFor)} geldig. Daarna kun je gewoon een nieuwe aanvragen.`,
      rich`Heb je dit niet zelf aangevraagd? Dan kun je deze e-mail negeren. Je huidige wachtwoord blijft werken.`,
    ],
    signoff: ['Hartelijke groet,', `Het ${PRODUCT}-team`],
  }),
};

const invitation: Record<MailLocale, (p: InvitationWords) => MailContent> = {
  en: ({ link, organisation, invitedBy, role, validFor }) => {
    const known = ROLES.en[role];
    const asRole = known ? `${/^[aeiou]/.test(known) ? 'an' : 'a'} ${known}` : role;
    return {
      subject: `${invitedBy} invited you to ${organisation} on ${PRODUCT}`,
      preheader: `Join ${organisation} as ${asRole}. The invitation is valid for ${validFor}.`,
      greeting: 'Hi,',
      intro: [
        rich`${strong(invitedBy)} has invited you to join ${strong(organisation)} on ${PRODUCT} as ${strong(asRole)}.`,
        rich`${PRODUCT} is where teams try out improvements as small experiments, and share what they learn along the way.`,
      ],
      action: { lead: 'Accept the invitation here:', button: 'Accept the invitation', link },
      fallback: 'Does the button not work? Copy this link into your browser:',
      outro: [
        rich`The invitation is valid for ${strong(validFor)}. If it has expired by the time you get to it, just ask ${invitedBy} to send you a new one.`,
        rich`Not expecting this invitation? Then you can ignore this email: nothing happens until you accept.`,
      ],
      signoff: ['Warm regards,', `The ${PRODUCT} team`],
    };
  },
  nl: ({ link, organisation, invitedBy, role, validFor }) => {
    const asRole = roleLabel(role, 'nl');
    return {
      subject: `${invitedBy} nodigt je uit voor ${organisation} in ${PRODUCT}`,
      preheader: `Doe mee als ${asRole}. De uitnodiging is ${validFor} geldig.`,
      greeting: 'Hoi,',
      intro: [
        rich`${strong(invitedBy)} nodigt je uit om als ${strong(asRole)} mee te doen met ${strong(organisation)} in ${PRODUCT}.`,
        rich`In ${PRODUCT} pakken teams verbeteringen aan als kleine experimenten en delen ze wat ze onderweg leren.`,
      ],
      action: { lead: 'Accepteer de uitnodiging hier:', button: 'Uitnodiging accepteren', link },
      fallback: 'Werkt de knop niet? Kopieer deze link dan naar je browser:',
      outro: [
        rich`De uitnodiging is ${strong(validFor)} geldig. Verlopen? Vraag ${invitedBy} dan gewoon om een nieuwe uitnodiging.`,
        rich`Had je deze uitnodiging niet verwacht? Dan kun je deze e-mail negeren: er gebeurt niets zolang je niet accepteert.`,
      ],
      signoff: ['Hartelijke groet,', `Het ${PRODUCT}-team`],
    };
  },
};

interface NotificationWords {
  title: string;
  body: string[];
  link: string;
  button: string;
  preferencesLink: string;
}

const notification: Record<MailLocale, (p: NotificationWords) => MailContent> = {
  en: ({ title, body, link, button, preferencesLink }) => ({
    subject: title,
    preheader: body[0] ?? title,
    greeting: 'Hi,',
    intro: body.map((line) => rich`${line}`),
    action: { lead: 'Open it in Kaizen Loop:', button, link },
    fallback: 'Does the button not work? Copy this link into your browser:',
    outro: [
      rich`Too many of these mails? Choose which ones you get, and your quiet hours, here: ${preferencesLink}`,
    ],
    signoff: ['Warm regards,', `The ${PRODUCT} team`],
  }),
  nl: ({ title, body, link, button, preferencesLink }) => ({
    subject: title,
    preheader: body[0] ?? title,
    greeting: 'Hoi,',
    intro: body.map((line) => rich`${line}`),
    action: { lead: 'Bekijk het in Kaizen Loop:', button, link },
    fallback: 'Werkt de knop niet? Kopieer deze link dan naar je browser:',
    outro: [
      rich`Te veel van deze e-mails? Kies hier welke je krijgt, en wanneer je niet gestoord wilt worden: ${preferencesLink}`,
    ],
    signoff: ['Hartelijke groet,', `Het ${PRODUCT}-team`],
  }),
};

interface ScanWords {
  link: string;
  organisation: string;
  title: string;
  closesOn: string;
}

const scanPromise = {
  en: rich`Your answers are anonymous: they are stored without your name, and results only appear for groups large enough that nobody can be singled out.`,
  nl: rich`Je antwoorden zijn anoniem: ze worden zonder je naam bewaard, en uitkomsten verschijnen alleen voor groepen die groot genoeg zijn om niemand te herkennen.`,
};

const scanInvitation: Record<MailLocale, (p: ScanWords) => MailContent> = {
  en: ({ link, organisation, title, closesOn }) => ({
    subject: `How does ${organisation} learn? Take part in "${title}"`,
    preheader: `About 30 statements, ten minutes. Open until ${closesOn}.`,
    greeting: 'Hi,',
    intro: [
      rich`${strong(organisation)} is taking stock of how we learn together, and your view matters. The scan ${strong(title)} has about 30 statements on vision, trust, sharing knowledge and support for improvement; answering takes about ten minutes.`,
      scanPromise.en,
    ],
    action: { lead: 'Answer the scan here:', button: 'Answer the scan', link },
    fallback: 'Does the button not work? Copy this link into your browser:',
    outro: [rich`The scan is open until ${strong(closesOn)}.`],
    signoff: ['Warm regards,', `The ${PRODUCT} team`],
  }),
  nl: ({ link, organisation, title, closesOn }) => ({
    subject: `Hoe leert ${organisation}? Doe mee aan "${title}"`,
    preheader: `Zo'n 30 stellingen, tien minuten. Open tot en met ${closesOn}.`,
    greeting: 'Hoi,',
    intro: [
      rich`${strong(organisation)} brengt in kaart hoe we samen leren, en jouw blik telt. De scan ${strong(title)} bevat zo'n 30 stellingen over visie, vertrouwen, kennis delen en ruimte om te verbeteren; invullen kost ongeveer tien minuten.`,
      scanPromise.nl,
    ],
    action: { lead: 'Vul de scan hier in:', button: 'Scan invullen', link },
    fallback: 'Werkt de knop niet? Kopieer deze link dan naar je browser:',
    outro: [rich`De scan staat open tot en met ${strong(closesOn)}.`],
    signoff: ['Hartelijke groet,', `Het ${PRODUCT}-team`],
  }),
};

const scanReminder: Record<MailLocale, (p: ScanWords) => MailContent> = {
  en: ({ link, organisation, title, closesOn }) => ({
    subject: `Reminder: "${title}" is open until ${closesOn}`,
    preheader: `Ten minutes helps ${organisation} see where it stands.`,
    greeting: 'Hi,',
    intro: [
      rich`A friendly reminder: you have not answered the scan ${strong(title)} yet. Every answer helps ${organisation} see where it stands as a learning organisation.`,
      scanPromise.en,
    ],
    action: { lead: 'Answer the scan here:', button: 'Answer the scan', link },
    fallback: 'Does the button not work? Copy this link into your browser:',
    outro: [rich`The scan is open until ${strong(closesOn)}. We send at most two reminders.`],
    signoff: ['Warm regards,', `The ${PRODUCT} team`],
  }),
  nl: ({ link, organisation, title, closesOn }) => ({
    subject: `Herinnering: "${title}" staat open tot en met ${closesOn}`,
    preheader: `Tien minuten helpt ${organisation} te zien waar we staan.`,
    greeting: 'Hoi,',
    intro: [
      rich`Een vriendelijke herinnering: je hebt de scan ${strong(title)} nog niet ingevuld. Elk antwoord helpt ${organisation} te zien waar we staan als lerende organisatie.`,
      scanPromise.nl,
    ],
    action: { lead: 'Vul de scan hier in:', button: 'Scan invullen', link },
    fallback: 'Werkt de knop niet? Kopieer deze link dan naar je browser:',
    outro: [rich`De scan staat open tot en met ${strong(closesOn)}. We sturen hooguit twee herinneringen.`],
    signoff: ['Hartelijke groet,', `Het ${PRODUCT}-team`],
  }),
};

/** A moment as a date in the organisation's time zone, e.g. "3 December 2026" or "3 december 2026". */
function dateIn(locale: MailLocale, iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    throw new MailTemplateError(`closesAt: expected an ISO date-time, got ${String(iso)}`);
  try {
    return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      timeZone,
    }).format(date);
  } catch {
    throw new MailTemplateError(`timeZone: unknown time zone ${String(timeZone)}`);
  }
}

function duration(locale: MailLocale, minutes: number): string {
  if (minutes % (24 * 60) === 0) return days(locale, minutes / (24 * 60));
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return locale === 'nl' ? `${hours} uur` : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  return locale === 'nl'
    ? `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`
    : `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

function days(locale: MailLocale, count: number): string {
  return locale === 'nl'
    ? `${count} ${count === 1 ? 'dag' : 'dagen'}`
    : `${count} ${count === 1 ? 'day' : 'days'}`;
}

// ---------------------------------------------------------------------------
// Checks and layout

/** The link exactly as given, once it is an absolute http(s) URL that fits on one line. */
function checkedLink(link: string): string {
  const problem = 'link: expected an absolute http:// or https:// URL';
  if (typeof link !== 'string' || /[\s\p{Cc}]/u.test(link) || !URL.canParse(link))
    throw new MailTemplateError(problem);
  const { protocol } = new URL(link);
  if (protocol !== 'https:' && protocol !== 'http:') throw new MailTemplateError(problem);
  return link;
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new MailTemplateError(`${name}: expected a positive whole number, got ${String(value)}`);
  return value;
}

/** Names end up in a subject line: no line breaks, no runs of spaces. */
function oneLine(value: string): string {
  return String(value).replace(/\s+/g, ' ').trim();
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function strong(value: string): Rich {
  return { text: value, html: `<strong>${escapeHtml(value)}</strong>` };
}

/** Prose with parameters: plain strings are escaped in the HTML form, `Rich` parts are taken as they are. */
function rich(strings: TemplateStringsArray, ...values: (string | Rich)[]): Rich {
  let text = strings[0];
  let html = escapeHtml(strings[0]);
  values.forEach((value, i) => {
    text += typeof value === 'string' ? value : value.text;
    html += typeof value === 'string' ? escapeHtml(value) : value.html;
    text += strings[i + 1];
    html += escapeHtml(strings[i + 1]);
  });
  return { text, html };
}

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const ACCENT = '#2f6f5e';
const P = 'margin:0 0 16px;';

function layout(locale: MailLocale, mail: MailContent): RenderedMail {
  const { action } = mail;
  const text = [
    mail.greeting,
    ...mail.intro.map((p) => p.text),
    `${action.lead}\n${action.link}`,
    ...mail.outro.map((p) => p.text),
    mail.signoff.join('\n'),
  ].join('\n\n');

  const href = escapeHtml(action.link);
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(mail.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(mail.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:32px;font-family:${FONT};font-size:16px;line-height:1.5;color:#1f2933;">
<p style="${P}font-size:18px;font-weight:600;color:${ACCENT};">${PRODUCT}</p>
<p style="${P}">${escapeHtml(mail.greeting)}</p>
${mail.intro.map((p) => `<p style="${P}">${p.html}</p>`).join('\n')}
<p style="margin:24px 0;"><a href="${href}" style="display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px;">${escapeHtml(action.button)}</a></p>
<p style="${P}font-size:14px;color:#52606d;">${escapeHtml(mail.fallback)}<br><a href="${href}" style="color:${ACCENT};word-break:break-all;">${href}</a></p>
${mail.outro.map((p) => `<p style="${P}">${p.html}</p>`).join('\n')}
<p style="margin:0;">${escapeHtml(mail.signoff[0])}<br>${escapeHtml(mail.signoff[1])}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject: mail.subject, text, html };
}
