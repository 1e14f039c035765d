import { randomBytes, randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';

/** What one composed mail needs: a sender, one recipient address, a subject, a text and an HTML body. */
export interface ComposableMail {
  /** A stable Message-ID (`<id@host>`); a fresh one is made when absent. */
  messageId?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface ComposedMail {
  envelope: { from: string; to: string[] };
  messageId: string;
  /**
   * The RFC 5322 message: CRLF line ends, lines of at most 78 characters, 7-bit but for a non-ASCII recipient
   * address (UTF-8, RFC 6532).
   */
  raw: Buffer;
}

/**
 * The parts of a `From` header and envelope sender, parsed once per process from MAIL_FROM
 * (`Name <address>` or a bare address).
 */
export function parseSender(from: string): { header: string; address: string; host: string } {
  const [first] = addressparser(from, { flatten: true });
  if (!first?.address || /[\r\n<>]/.test(first.address))
    throw new Error(`MAIL_FROM: no address in "${from}"`);
  const name = first.name?.trim() ?? '';
  const header = name ? `${headerPhrase(name)} <${first.address}>` : first.address;
  return {
    header: mimeFuncs.foldLines(`From: ${header}`, 76),
    address: first.address,
    host: first.address.split('@')[1],
  };
}

// A boundary beginning "=_" can never occur in quoted-printable text, where "=" is always an escape.
const BOUNDARY = `=_kz${randomBytes(8).toString('hex')}`;

/**
 * Builds the whole message as one string, without nodemailer's streams: multipart/alternative, text and HTML each
 * UTF-8 quoted-printable, the subject as encoded-words when it is not plain ASCII. Every line ends in CRLF.
 */
export function composeMail(
  sender: { header: string; address: string; host: string },
  mail: ComposableMail,
  date = new Date(),
): ComposedMail {
  if (/[\r\n<>]/.test(mail.to))
    throw new Error('mail: the recipient address contains a line break or angle bracket');
  const messageId = mail.messageId ?? `<${randomUUID()}@${sender.host}>`;
  const subject = mimeFuncs.isPlainText(mail.subject)
    ? mail.subject.replace(/[\r\n]+/g, ' ')
    : mimeFuncs.encodeWord(mail.subject, 'Q', 52);
  const raw =
    `${sender.header}\r\n` +
    `To: ${mail.to}\r\n` +
    `${mimeFuncs.foldLines(`Subject: ${subject}`, 76)}\r\n` +
    `Message-ID: ${messageId}\r\n` +
    `Date: ${rfc5322Date(date)}\r\n` +
    'MIME-Version: 1.0\r\n' +
    `Content-Type: multipart/alternative; boundary="${BOUNDARY}"\r\n` +
    '\r\n' +
    `--${BOUNDARY}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n' +
    '\r\n' +
    `${quotedPrintable(mail.text)}\r\n` +
    `--${BOUNDARY}\r\n` +
    'Content-Type: text/html; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n' +
    '\r\n' +
    `${quotedPrintable(mail.html)}\r\n` +
    `--${BOUNDARY}--\r\n`;
  return { envelope: { from: sender.address, to: [mail.to] }, messageId, raw: Buffer.from(raw, 'utf8') };
}

/** A display name as a header phrase: as is when it is plain atoms, quoted, or encoded-words when not ASCII. */
function headerPhrase(name: string): string {
  if (!mimeFuncs.isPlainText(name)) return mimeFuncs.encodeWord(name, 'Q', 52);
  if (/^[\w!#$%&'*+\-/=?^`{|}~ ]+$/.test(name)) return name;
  return `"${name.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => (value < 10 ? `0${value}` : String(value));

/** RFC 5322 date-time in UTC: `Thu, 03 Dec 2026 22:31:35 +0000`. */
function rfc5322Date(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

const HEX = '0123456789ABCDEF';
/** Encoded lines at most this long, the soft break's "=" included (RFC 2045: 76). */
const QP_LINE = 76;

/** Characters that do not stand for themselves in quoted-printable: all but printable ASCII less "=", space, tab. */
// A surrogate pair is matched whole, so a character beyond the BMP is escaped as its four UTF-8 bytes (without the
// slower `u` flag, which cost a third of the encoding).
const NON_LITERALS = /[\ud800-\udbff][\udc00-\udfff]|[^\x20-\x3c\x3e-\x7e\t]/g;
const escapes = new Map<string, string>();

/** A character's UTF-8 bytes as `=XX` escapes (remembered: a mail's few accented letters recur). */
function escapeCharacter(character: string): string {
  let escaped = escapes.get(character);
  if (escaped === undefined) {
    escaped = '';
    for (const byte of Buffer.from(character, 'utf8')) escaped += `=${HEX[byte >> 4]}${HEX[byte & 15]}`;
    if (escapes.size < 4_096) escapes.set(character, escaped);
  }
  return escaped;
}

/**
 * RFC 2045 quoted-printable of a text's UTF-8 bytes: line breaks become CRLF, a space or tab ending a line is
 * encoded, and so is a "." opening a line (no SMTP dot-stuffing is then needed) and every byte outside printable
 * ASCII; soft breaks keep lines to 76 characters without splitting an escape. Plain runs are copied, not walked
 * byte by byte. Returned as an all-ASCII string.
 */
export function quotedPrintable(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) lines[i] = quotedPrintableLine(lines[i]);
  return lines.join('\r\n');
}

function quotedPrintableLine(line: string): string {
  let encoded = line.replace(NON_LITERALS, escapeCharacter);
  const last = encoded[encoded.length - 1];
  if (last === ' ' || last === '\t') encoded = `${encoded.slice(0, -1)}${last === ' ' ? '=20' : '=09'}`;
  if (encoded[0] === '.') encoded = `=2E${encoded.slice(1)}`;
  if (encoded.length <= QP_LINE) return encoded;
  let wrapped = '';
  let at = 0;
  while (encoded.length - at > QP_LINE) {
    // 75 characters and "=", backing off so an escape is not split ("=" only ever opens one).
    let cut = at + QP_LINE - 1;
    if (encoded[cut - 1] === '=') cut -= 1;
    else if (encoded[cut - 2] === '=') cut -= 2;
    wrapped += `${encoded.slice(at, cut)}=\r\n`;
    at = cut;
    if (encoded[at] === '.') encoded = `${encoded.slice(0, at)}=2E${encoded.slice(at + 1)}`;
  }
  return wrapped + encoded.slice(at);
}
