import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook must not reach unless explicitly allowed: the platform's own network. */
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv6');
}

/** Why a URL may not be posted to, or null when it may. */
export async function forbiddenTarget(url: string, allowPrivate: boolean): Promise<string | null> {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'https:' && !(allowPrivate && protocol === 'http:'))
    return 'only https:// addresses are allowed';
  if (allowPrivate) return null;
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) return `${host} does not resolve`;
  for (const { address, family } of addresses) {
    // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const blocked = mapped
      ? privateRanges.check(mapped, 'ipv4')
      : privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4');
    if (blocked) return `${host} resolves to a private address (${address})`;
  }
  return null;
}
