import { describe, expect, it } from 'vitest';
import type { SendMailPayload } from '@kaizen/shared/util-jobs';
import { MailTemplateError, renderMail } from './mail-templates';

const params = {
  link: 'https://kaizen.example/scan/0190c0de-0000-7000-8000-000000000001',
  organisationName: 'Zorggroep <De Linde>',
  title: 'Leercultuur najaar',
  closesAt: '2026-12-03T23:30:00Z',
  timeZone: 'Europe/Amsterdam',
};
const mail = (
  template: 'scan-invitation' | 'scan-reminder',
  locale: 'en' | 'nl',
  overrides: Partial<typeof params> = {},
): SendMailPayload => ({
  to: 'sam@example.test',
  locale,
  template,
  params: { ...params, ...overrides },
});

describe('scan invitation and reminder mails', () => {
  it('invite in English and in Dutch, with the link, the closing date in the organisation’s time zone, and the promise of anonymity', () => {
    const en = renderMail(mail('scan-invitation', 'en'));
    expect(en.subject).toBe('How does Zorggroep <De Linde> learn? Take part in "Leercultuur najaar"');
    expect(en.text).toContain(params.link);
    expect(en.text).toContain('4 December 2026'); // 23:30 UTC is already the next day in Amsterdam
    expect(en.text).toMatch(/anonymous/);
    const nl = renderMail(mail('scan-invitation', 'nl'));
    expect(nl.subject).toBe('Hoe leert Zorggroep <De Linde>? Doe mee aan "Leercultuur najaar"');
    expect(nl.text).toContain('4 december 2026');
    expect(nl.text).toMatch(/anoniem/);
    expect(nl.html).toContain('Zorggroep &lt;De Linde&gt;');
  });

  it('remind, saying there are at most two reminders', () => {
    expect(renderMail(mail('scan-reminder', 'en')).text).toMatch(/at most two reminders/);
    expect(renderMail(mail('scan-reminder', 'nl')).subject).toMatch(/^Herinnering: "Leercultuur najaar"/);
  });

  it('refuse what no retry can fix: a bad link, date or time zone', () => {
    expect(() => renderMail(mail('scan-invitation', 'en', { link: 'javascript:alert(1)' }))).toThrow(
      MailTemplateError,
    );
    expect(() => renderMail(mail('scan-invitation', 'en', { closesAt: 'soon' }))).toThrow(/closesAt/);
    expect(() => renderMail(mail('scan-reminder', 'nl', { timeZone: 'Mars/Olympus' }))).toThrow(/timeZone/);
  });
});
