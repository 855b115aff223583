// Which webhook URLs an alert may post to. Shared so the browser's form and the server's zod refuse
// the same URLs; the server also checks every address a host name resolves to before each delivery
// (backend/src/alerts/webhook/target.ts), because a name can point anywhere.
// Loopback and private addresses are allowed on purpose: a self-hosted ntfy or receiver on the LAN
// is the common case. What is refused is link-local (169.254/16, fe80::/10), where cloud metadata
// services answer, and the other well-known metadata endpoints.

export const WEBHOOK_URL_MAX_LENGTH = 2000;

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);
/** IPv4 metadata services outside 169.254/16 (Alibaba Cloud, Oracle Cloud's second one); AWS's IPv6 one below. */
const METADATA_ADDRESSES = new Set(['100.100.100.200', '192.0.0.192']);

function ipv4Bytes(ip: string): number[] | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** Expands an IPv6 address to 8 hextets (numbers); null when it is not one. */
function ipv6Hextets(ip: string): number[] | null {
  let text = ip.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = ipv4Bytes(dotted[1] as string);
    if (!b) return null;
    text = text.slice(0, -(dotted[1] as string).length) + `${((b[0] as number) * 256 + (b[1] as number)).toString(16)}:${((b[2] as number) * 256 + (b[3] as number)).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/.test(h))) return null;
  return all.map((h) => parseInt(h, 16));
}

function canonicalV6(hextets: number[]): string {
  return hextets.map((h) => h.toString(16)).join(':');
}
const AWS_METADATA_V6 = canonicalV6(ipv6Hextets('fd00:ec2::254') as number[]);

/** Whether an IP address (v4 or v6, as a URL or DNS gives it) is one a webhook must never reach. */
export function isRefusedWebhookAddress(ip: string): boolean {
  const v4 = ipv4Bytes(ip);
  if (v4) return (v4[0] === 169 && v4[1] === 254) || METADATA_ADDRESSES.has(v4.join('.'));
  const v6 = ipv6Hextets(ip);
  if (!v6) return false;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms reach the IPv4 address.
  if (v6.slice(0, 5).every((h) => h === 0) && (v6[5] === 0xffff || v6[5] === 0)) {
    const hi = v6[6] as number;
    const lo = v6[7] as number;
    if (hi !== 0 || v6[5] === 0xffff) return isRefusedWebhookAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (((v6[0] as number) & 0xffc0) === 0xfe80) return true;
  return canonicalV6(v6) === AWS_METADATA_V6;
}

/** Checks a webhook URL as sent; returns it normalised (WHATWG URL) or why it is refused. */
export function checkWebhookUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  if (raw.length > WEBHOOK_URL_MAX_LENGTH) return { ok: false, message: `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'must be an http or https URL' };
  if (url.username || url.password) return { ok: false, message: 'must not carry a user name or password' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) return { ok: false, message: 'must not point at a cloud metadata service' };
  if (isRefusedWebhookAddress(host)) return { ok: false, message: 'must not point at a link-local or cloud metadata address' };
  return { ok: true, url: url.href };
}
