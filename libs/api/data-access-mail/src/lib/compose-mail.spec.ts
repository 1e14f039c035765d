import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { composeMail, parseSender, quotedPrintable } from './compose-mail';

const sender = parseSender('Kaizen Loop <noreply@kaizen.example>');
const date = new Date(Date.UTC(2026, 11, 3, 9, 5, 7));

function lines(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line ends in CRLF
  return text.slice(0, -2).split('\r\n');
}

describe('composeMail', () => {
  it('builds a message any MIME parser reads back: sender, recipient, subject, both bodies, Message-ID, date', async () => {
    const mail = {
      messageId: '<notification-1@kaizen.example>',
      to: 'anna@example.com',
      subject: 'Check-in für „Täglich“ fällig — 5 dagen',
      text: 'Hallo Anna,\n\nJe check-in is fällig.\n.\n..dots\ntrailing space \nhttps://app.example.com/x?a=1&b=2\n',
      html: '<p>Hallo <b>Anna</b> — ü</p>\n<a href="https://app.example.com/x?a=1&amp;b=2">Open</a>',
    };
    const composed = composeMail(sender, mail, date);
    expect(composed.envelope).toEqual({ from: 'noreply@kaizen.example', to: ['anna@example.com'] });
    expect(composed.messageId).toBe('<notification-1@kaizen.example>');
    const parsed = await simpleParser(composed.raw);
    expect(parsed.from?.value).toEqual([{ name: 'Kaizen Loop', address: 'noreply@kaizen.example' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('anna@example.com');
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe('<notification-1@kaizen.example>');
    expect(parsed.date?.toISOString()).toBe('2026-12-03T09:05:07.000Z');
    expect(parsed.text).toBe(mail.text);
    expect(parsed.html).toBe(mail.html);
  });

  it('keeps to 7-bit lines of at most 78 characters, none opening with a dot (nothing for SMTP to stuff)', () => {
    const long = `${'ü'.repeat(40)} ${'word '.repeat(40)}${'x'.repeat(200)}\n${'.'.repeat(300)}\n${'a'.repeat(75)}.\n`;
    const composed = composeMail(
      sender,
      { to: 'b@example.com', subject: `${'Lang onderwerp '.repeat(10)}é`, text: long, html: long },
      date,
    );
    for (const line of lines(composed.raw)) {
      expect(line.length).toBeLessThanOrEqual(78);
      expect(line.startsWith('.')).toBe(false);
      expect(line).toMatch(/^[\x20-\x7e\t]*$/);
    }
  });

  it('keeps an internationalised recipient address intact, as UTF-8 (RFC 6532)', async () => {
    const composed = composeMail(sender, { to: 'jürgen@bücher.example', subject: 's', text: 't', html: 'h' });
    expect(composed.envelope.to).toEqual(['jürgen@bücher.example']);
    const parsed = await simpleParser(composed.raw);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : '').toBe(
      'jürgen@bücher.example',
    );
  });

  it('makes a fresh Message-ID on the sender host when none is given', () => {
    const a = composeMail(sender, { to: 'c@example.com', subject: 's', text: 't', html: 'h' });
    const b = composeMail(sender, { to: 'c@example.com', subject: 's', text: 't', html: 'h' });
    expect(a.messageId).toMatch(/^<[0-9a-f-]{36}@kaizen\.example>$/);
    expect(a.messageId).not.toBe(b.messageId);
  });

  it('refuses a recipient that could add a line to the SMTP exchange', () => {
    expect(() =>
      composeMail(sender, {
        to: 'a@example.com>\r\nRCPT TO:<b@example.com',
        subject: 's',
        text: 't',
        html: 'h',
      }),
    ).toThrow(/line break/);
  });

  it('quotes or encodes a sender name as a header needs it', async () => {
    expect(parseSender('noreply@x.example')).toMatchObject({
      header: 'From: noreply@x.example',
      address: 'noreply@x.example',
    });
    expect(parseSender('"Kaizen, Loop" <a@x.example>').header).toBe('From: "Kaizen, Loop" <a@x.example>');
    const encoded = composeMail(parseSender('Kaizen Lööp <a@x.example>'), {
      to: 'c@example.com',
      subject: 's',
      text: 't',
      html: 'h',
    });
    expect((await simpleParser(encoded.raw)).from?.value).toEqual([
      { name: 'Kaizen Lööp', address: 'a@x.example' },
    ]);
  });
});

describe('quotedPrintable', () => {
  it('encodes "=", non-ASCII bytes, a line-end space and a leading dot, and soft-breaks long lines', () => {
    expect(quotedPrintable('a=b ü \n.x')).toBe('a=3Db =C3=BC=20\r\n=2Ex');
    const wrapped = quotedPrintable('y'.repeat(100));
    expect(wrapped).toBe(`${'y'.repeat(75)}=\r\n${'y'.repeat(25)}`);
    expect(quotedPrintable('y'.repeat(76))).toBe('y'.repeat(76));
  });
});

describe('quotedPrintable of long lines', () => {
  it('cuts plain ASCII lines into soft-broken slices, and never opens a line with a dot or ends one with a space', () => {
    const decode = (qp: string) =>
      Buffer.from(
        qp
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    const texts = [
      'a'.repeat(75) + '.' + 'b'.repeat(80),
      'x'.repeat(150) + ' ',
      '<p>' + 'word '.repeat(60) + '</p>',
      '.'.repeat(200),
      'é'.repeat(100) + '\n' + 'c'.repeat(76),
      'Klaar 🎉 — '.repeat(12),
    ];
    for (const text of texts) {
      const encoded = quotedPrintable(text);
      expect(decode(encoded)).toBe(text.replace(/\n/g, '\r\n'));
      for (const line of encoded.split('\r\n')) {
        expect(line.length).toBeLessThanOrEqual(76);
        expect(line.startsWith('.')).toBe(false);
        expect(line).not.toMatch(/[ \t]$/);
      }
    }
  });
});
