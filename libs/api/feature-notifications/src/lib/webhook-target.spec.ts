import { describe, expect, it } from 'vitest';
import { forbiddenTarget } from './webhook-target';

describe('webhook targets', () => {
  it("refuses plain http and the platform's own network unless explicitly allowed", async () => {
    expect(await forbiddenTarget('http://hooks.example.com/x', false)).toBe(
      'only https:// addresses are allowed',
    );
    expect(await forbiddenTarget('https://127.0.0.1/x', false)).toMatch(/private address \(127\.0\.0\.1\)/);
    expect(await forbiddenTarget('https://10.1.2.3/x', false)).toMatch(/private address/);
    expect(await forbiddenTarget('https://169.254.169.254/latest/meta-data', false)).toMatch(
      /private address/,
    );
    expect(await forbiddenTarget('https://[::1]/x', false)).toMatch(/private address/);
    expect(await forbiddenTarget('https://[::ffff:10.0.0.1]/x', false)).toMatch(/private address/);
    expect(await forbiddenTarget('https://localhost/x', false)).toMatch(/private address|does not resolve/);
  });

  it('lets public addresses through, and anything when private targets are allowed', async () => {
    expect(await forbiddenTarget('https://93.184.216.34/x', false)).toBeNull();
    expect(await forbiddenTarget('https://[2606:2800:220:1::1]/x', false)).toBeNull();
    expect(await forbiddenTarget('http://127.0.0.1:8080/x', true)).toBeNull();
  });
});
