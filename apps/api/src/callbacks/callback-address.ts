import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a callback may never reach: private, loopback, link-local, shared, documentation,
 * benchmarking, multicast, reserved and unspecified ranges (IANA special-purpose registries).
 * node's own BlockList does the matching; IPv4-mapped IPv6 addresses are checked as IPv4.
 */
const SPECIAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  SPECIAL.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  SPECIAL.addSubnet(net, bits, 'ipv6');

/** Whether `address` (an IP literal) is one a callback must not reach. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return SPECIAL.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return SPECIAL.check(mapped[1], 'ipv4');
  const lower = address.toLowerCase();
  // ::ffff:a.b.c.d written in hex (::ffff:7f00:1) is IPv4 too.
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hexMapped) {
    const [hi, lo] = [parseInt(hexMapped[1], 16), parseInt(hexMapped[2], 16)];
    return SPECIAL.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return SPECIAL.check(address, 'ipv6');
}

/** A callback host that does not resolve quickly is refused rather than holding the request. */
const LOOKUP_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ResolvedHost {
  address: string;
  family: 4 | 6;
}

/** Host names as the WHATWG URL gives them: IPv6 literals in brackets. */
function bare(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves a callback host to one address it may be sent to, or says why not. Every address the
 * name resolves to must be public (a name with one private address is refused), unless the host is
 * listed in `allowHosts` exactly. The caller connects to the returned address, not the name again,
 * so a DNS answer that changes between check and use (rebinding) cannot redirect the request.
 */
export async function resolveCallbackHost(
  hostname: string,
  allowHosts: readonly string[],
): Promise<ResolvedHost | { error: string }> {
  const host = bare(hostname);
  const allowed = allowHosts.includes(hostname) || allowHosts.includes(host);
  const literal = isIP(host);
  if (literal) {
    if (!allowed && isSpecialAddress(host))
      return { error: 'must not point to a private, loopback or reserved address' };
    return { address: host, family: literal as 4 | 6 };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await withTimeout(lookup(host, { all: true, verbatim: true }), LOOKUP_TIMEOUT_MS);
  } catch {
    return { error: `host ${JSON.stringify(host)} could not be resolved` };
  }
  if (addresses.length === 0) return { error: `host ${JSON.stringify(host)} could not be resolved` };
  if (!allowed && addresses.some((a) => isSpecialAddress(a.address)))
    return { error: 'must not point to a private, loopback or reserved address' };
  const first = addresses[0];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
