import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const at = new Date('2027-01-11T08:00:00Z');
  const body = '{"event":"review.closed"}';

  it('signs the timestamp and the body together with HMAC-SHA256', () => {
    const header = signWebhook('secret', body, at);
    expect(header).toMatch(/^t=1799654400,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('secret', body, header, at)).toBe(true);
  });

  it('refuses another secret, a changed body, and a replay after five minutes', () => {
    const header = signWebhook('secret', body, at);
    expect(verifyWebhook('other', body, header, at)).toBe(false);
    expect(verifyWebhook('secret', body.replace('closed', 'opened'), header, at)).toBe(false);
    expect(verifyWebhook('secret', body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook('secret', body, 'garbage', at)).toBe(false);
  });
});
