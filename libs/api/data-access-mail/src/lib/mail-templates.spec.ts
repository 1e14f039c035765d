import { describe, expect, it } from 'vitest';
import type { MailTemplates, SendMailPayload } from '@kaizen/shared/util-jobs';
import { MailTemplateError, renderMail, roleLabel } from './mail-templates';

const RESET_LINK = 'https://app.example.com/reset-password?token=abc123&user=42';
const INVITE_LINK = 'https://app.example.com/invitations/01890a5d-ac96-774b-bcce-b302099a8057';

function reset(locale: 'en' | 'nl', params: Partial<MailTemplates['password-reset']> = {}): SendMailPayload {
  return {
    to: 'anna@example.com',
    locale,
    template: 'password-reset',
    params: { link: RESET_LINK, expiresInMinutes: 60, ...params },
  };
}

function invite(locale: 'en' | 'nl', params: Partial<MailTemplates['invitation']> = {}): SendMailPayload {
  return {
    to: 'bram@example.com',
    locale,
    template: 'invitation',
    params: {
      link: INVITE_LINK,
      organisationName: 'Acme Zorg',
      invitedBy: 'Anna de Vries',
      role: 'team_lead',
      expiresInDays: 7,
      ...params,
    },
  };
}

/** The HTML with its tags removed and the usual entities decoded: what a reader sees. */
function visible(html: string): string {
  return html
    .replace(/<(head|div)[\s\S]*?<\/\1>/g, '')
    .replace(/<\/?(strong|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('renderMail: password reset', () => {
  it('in English: subject, link, validity and the ignore-if-not-you line', () => {
    const mail = renderMail(reset('en'));
    expect(mail.subject).toBe('Reset your Kaizen Loop password');
    expect(mail.text).toContain(`\n${RESET_LINK}\n`);
    expect(mail.text).toContain('valid for 1 hour');
    expect(mail.text).toMatch(/Didn't ask for this\? Then you can safely ignore this email/);
    expect(mail.html).toContain(`href="${RESET_LINK.replace('&', '&amp;')}"`);
    expect(mail.html).toContain('<html lang="en">');
    expect(visible(mail.html)).toContain('valid for 1 hour');
  });

  it('in Dutch, with "je": subject, link, validity and the ignore-if-not-you line', () => {
    const mail = renderMail(reset('nl'));
    expect(mail.subject).toBe('Je wachtwoord voor Kaizen Loop opnieuw instellen');
    expect(mail.text).toMatch(/^Hoi,/);
    expect(mail.text).toContain('wachtwoord van je Kaizen Loop-account opnieuw in te stellen');
    expect(mail.text).toContain(`\n${RESET_LINK}\n`);
    expect(mail.text).toContain('Deze link is 1 uur geldig.');
    expect(mail.text).toContain('Heb je dit niet zelf aangevraagd? Dan kun je deze e-mail negeren.');
    expect(mail.text).not.toMatch(/\b(u|uw)\b/i); // informal throughout
    expect(mail.html).toContain('<html lang="nl">');
    expect(mail.html).toContain(`href="${RESET_LINK.replace('&', '&amp;')}"`);
  });

  it.each([
    [30, 'en', '30 minutes'],
    [1, 'en', '1 minute'],
    [120, 'en', '2 hours'],
    [1440, 'en', '1 day'],
    [30, 'nl', '30 minuten'],
    [1, 'nl', '1 minuut'],
    [120, 'nl', '2 uur'],
    [2880, 'nl', '2 dagen'],
  ] as const)('says %i minutes in %s as "%s"', (minutes, locale, words) => {
    expect(renderMail(reset(locale, { expiresInMinutes: minutes })).text).toContain(words);
  });
});

describe('renderMail: invitation', () => {
  it('in English names who invited you, to which organisation, as what, the link and the expiry', () => {
    const mail = renderMail(invite('en'));
    expect(mail.subject).toBe('Anna de Vries invited you to Acme Zorg on Kaizen Loop');
    expect(mail.text).toContain(
      'Anna de Vries has invited you to join Acme Zorg on Kaizen Loop as a team lead.',
    );
    expect(mail.text).toContain(`\n${INVITE_LINK}\n`);
    expect(mail.text).toContain('valid for 7 days');
    expect(mail.html).toContain(`href="${INVITE_LINK}"`);
    expect(visible(mail.html)).toContain(
      'Anna de Vries has invited you to join Acme Zorg on Kaizen Loop as a team lead.',
    );
  });

  it('in Dutch names who invited you, to which organisation, as what, the link and the expiry', () => {
    const mail = renderMail(invite('nl'));
    expect(mail.subject).toBe('Anna de Vries nodigt je uit voor Acme Zorg in Kaizen Loop');
    expect(mail.text).toContain(
      'Anna de Vries nodigt je uit om als teamleider mee te doen met Acme Zorg in Kaizen Loop.',
    );
    expect(mail.text).toContain(`\n${INVITE_LINK}\n`);
    expect(mail.text).toContain('De uitnodiging is 7 dagen geldig.');
    expect(mail.html).toContain(`href="${INVITE_LINK}"`);
    expect(visible(mail.html)).toContain('nodigt je uit om als teamleider mee te doen met Acme Zorg');
  });

  it.each([
    ['member', 'a member', 'lid'],
    ['team_lead', 'a team lead', 'teamleider'],
    ['department_head', 'a department head', 'afdelingshoofd'],
    ['org_admin', 'an organisation admin', 'organisatiebeheerder'],
  ])('translates the role %s', (role, english, dutch) => {
    expect(renderMail(invite('en', { role })).text).toContain(`as ${english}.`);
    expect(renderMail(invite('nl', { role })).text).toContain(`als ${dutch} mee te doen`);
    expect(renderMail(invite('nl', { role })).text).not.toContain(role === 'member' ? 'als member' : role);
  });

  it('shows an unknown role as it is rather than failing', () => {
    expect(roleLabel('auditor', 'nl')).toBe('auditor');
    expect(renderMail(invite('en', { role: 'auditor' })).text).toContain('as auditor.');
  });

  it('says one day in the singular', () => {
    expect(renderMail(invite('en', { expiresInDays: 1 })).text).toContain('valid for 1 day.');
    expect(renderMail(invite('nl', { expiresInDays: 1 })).text).toContain('is 1 dag geldig.');
  });
});

describe('renderMail: parameters are data, never markup', () => {
  const hostile = `<script>alert("x")</script> & 'Co'`;

  it.each(['en', 'nl'] as const)(
    'escapes every parameter in the %s HTML and keeps it verbatim in the text',
    (locale) => {
      const mail = renderMail(
        invite(locale, {
          organisationName: hostile,
          invitedBy: `<img src=x onerror="steal()">`,
          role: '<b>boss</b>',
        }),
      );
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<img');
      expect(mail.html).not.toContain('<b>boss');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
      expect(mail.html).toContain('&lt;img src=x onerror=&quot;steal()&quot;&gt;');
      expect(mail.text).toContain(hostile);
      expect(visible(mail.html)).toContain(hostile);
    },
  );

  it('escapes the link inside the href attribute', () => {
    const link = 'https://app.example.com/i?a=1&b="2"';
    const mail = renderMail(invite('en', { link }));
    expect(mail.html).toContain('href="https://app.example.com/i?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).not.toContain('b="2"');
  });

  it('keeps names on one line, so a subject cannot grow extra headers', () => {
    const mail = renderMail(
      invite('en', { invitedBy: 'Anna\r\nBcc: evil@example.com', organisationName: 'Acme\n\nZorg' }),
    );
    expect(mail.subject).toBe('Anna Bcc: evil@example.com invited you to Acme Zorg on Kaizen Loop');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('renderMail: payloads no retry can fix', () => {
  it.each([
    'javascript:alert(1)',
    'ftp://example.com/reset',
    '/reset?token=abc',
    'https://example.com/a b',
    '',
  ])('refuses the link %j', (link) => {
    expect(() => renderMail(reset('en', { link }))).toThrow(MailTemplateError);
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses an expiry of %d', (value) => {
    expect(() => renderMail(reset('en', { expiresInMinutes: value }))).toThrow(/expiresInMinutes/);
    expect(() => renderMail(invite('nl', { expiresInDays: value }))).toThrow(/expiresInDays/);
  });

  it('refuses an unknown template or locale', () => {
    expect(() =>
      renderMail({ ...reset('en'), template: 'newsletter' } as unknown as SendMailPayload),
    ).toThrow(/unknown mail template "newsletter"/);
    expect(() => renderMail({ ...reset('en'), locale: 'de' } as unknown as SendMailPayload)).toThrow(
      /unknown locale "de"/,
    );
  });
});
