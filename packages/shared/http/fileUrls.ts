/**
 * Which file URLs a service hands out (e.g. an image link in a record) may be fetched:
 * the service's answer is not trusted to point anywhere safe, least of all into n8n's
 * own network.
 */
import type { IDataObject } from 'n8n-workflow';

/** What the check needs of a run's connection to the service. */
export interface FileUrlPolicy {
	/** The API's own address: a local simulator or a proxy may serve files over http there. */
	baseUrl: string;
	credentials: IDataObject;
}

/** Why a file URL is not fetched, and what the user can do about it. */
export interface FileUrlRefusal {
	reason: string;
	fix: string;
}

const GENERAL_FIX =
	"Files the service links to are fetched only over https (or from the API's own address), from hosts the credential's Allowed Domains list when it has one. Add the host there if you trust it.";

/**
 * Why a file URL the service handed out is not fetched, or undefined when it may be:
 * only https (or the API's own address, e.g. a local simulator); never a loopback,
 * link-local or private address unless the credential's "Allowed Domains" names it;
 * and only hosts that setting lists when it restricts them.
 */
export function checkFileUrl(policy: FileUrlPolicy, url: string): FileUrlRefusal | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { reason: 'it is not a URL', fix: GENERAL_FIX };
	}
	const sameOrigin = parsed.origin === new URL(policy.baseUrl).origin;
	if (sameOrigin) return undefined;
	if (parsed.protocol !== 'https:')
		return {
			reason: `only https links are fetched, and this one is ${parsed.protocol.replace(':', '')}`,
			fix: GENERAL_FIX,
		};
	const host = parsed.hostname;
	const allowed = allowedDomains(policy.credentials);
	const kind = internalAddressKind(host);
	if (kind && !(allowed && isDomainAllowed(host, allowed))) {
		return {
			reason: `${host} is ${kind}`,
			fix: `File links that point into n8n's own network (loopback, link-local or private addresses) are fetched only when the credential names the host. If you trust ${host}, set the credential's "Allowed HTTP Request Domains" to "Specific Domains" and add ${host} to "Allowed Domains".`,
		};
	}
	if (allowed !== undefined && !isDomainAllowed(host, allowed)) {
		return {
			reason: `the credential's Allowed Domains (${allowed.join(', ')}) do not include ${host}`,
			fix: GENERAL_FIX,
		};
	}
	return undefined;
}

/** Why a file URL is not fetched (checkFileUrl's reason), or undefined when it may be. */
export function fileUrlRefusal(policy: FileUrlPolicy, url: string): string | undefined {
	return checkFileUrl(policy, url)?.reason;
}

/** The credential's domain list when its "Allowed HTTP Request Domains" is "Specific Domains" (n8n shows it on every credential). */
function allowedDomains(credentials: IDataObject): string[] | undefined {
	if (credentials.allowedHttpRequestDomains !== 'domains') return undefined;
	return String(credentials.allowedDomains ?? '')
		.split(',')
		.map((domain) => normalizeHost(domain))
		.filter(Boolean);
}

/**
 * A host as URL parsing writes it: lower case, no trailing dot, IP addresses in their
 * canonical form (`[::1]`, `127.0.0.1` for `0x7f.1`), so a listed address matches however
 * it was typed. Wildcards stay as they are.
 */
function normalizeHost(entry: string): string {
	const host = entry.trim().toLowerCase().replace(/\.$/, '');
	if (!host || host.startsWith('*.')) return host;
	const bare = host.replace(/^\[(.*)\]$/, '$1');
	try {
		return new URL(`https://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.replace(
			/\.$/,
			'',
		);
	} catch {
		return host;
	}
}

/** n8n's rule: `*.example.com` matches subdomains only, anything else the exact host. */
function isDomainAllowed(hostname: string, allowed: string[]): boolean {
	const host = normalizeHost(hostname);
	return allowed.some((domain) =>
		domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain,
	);
}

type AddressKind = 'a loopback address' | 'a link-local address' | 'a private-network address';

/**
 * What kind of address inside n8n's own network a URL's host names literally, or
 * undefined for anything else. Host names are judged by name only (`localhost` and
 * `*.localhost`): what a public name resolves to is not checked.
 */
export function internalAddressKind(hostname: string): AddressKind | undefined {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return 'a loopback address';
	if (host.startsWith('[')) return ipv6Kind(parseIpv6(host.slice(1, -1)));
	const octets = host.split('.');
	// URL parsing has already turned every IPv4 notation (0x7f.1, 2130706433) into dotted decimal.
	if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet))) return undefined;
	return ipv4Kind(octets.map(Number));
}

function ipv4Kind([a, b]: number[]): AddressKind | undefined {
	// 0.0.0.0/8 reaches the local host when connected to.
	if (a === 127 || a === 0) return 'a loopback address';
	if (a === 169 && b === 254) return 'a link-local address';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
		return 'a private-network address';
	// Shared address space (carrier-grade NAT), private in practice.
	if (a === 100 && b >= 64 && b <= 127) return 'a private-network address';
	return undefined;
}

/** The eight 16-bit groups of an IPv6 address (without brackets), or undefined. */
function parseIpv6(text: string): number[] | undefined {
	let address = text;
	const groupsOfIpv4: number[] = [];
	const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
	if (dotted) {
		const [a, b, c, d] = dotted.slice(1).map(Number);
		groupsOfIpv4.push((a << 8) | b, (c << 8) | d);
		address = address.slice(0, dotted.index) + '0:0';
	}
	const halves = address.split('::');
	if (halves.length > 2) return undefined;
	const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
	const head = parse(halves[0]);
	const tail = halves.length === 2 ? parse(halves[1]) : [];
	const zeros = 8 - head.length - tail.length;
	if (zeros < 0 || (halves.length === 1 && zeros !== 0)) return undefined;
	const groups = [...head, ...new Array<number>(zeros).fill(0), ...tail];
	if (groupsOfIpv4.length) groups.splice(6, 2, ...groupsOfIpv4);
	return groups.some((group) => Number.isNaN(group) || group < 0 || group > 0xffff)
		? undefined
		: groups;
}

function ipv6Kind(groups: number[] | undefined): AddressKind | undefined {
	if (!groups) return undefined;
	const embeddedIpv4 = () => [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff];
	const zerosBefore = (count: number) => groups.slice(0, count).every((group) => group === 0);
	// :: (unspecified: reaches the local host) and ::1.
	if (zerosBefore(7) && groups[7] <= 1) return 'a loopback address';
	// IPv4-mapped (::ffff:a.b.c.d) reaches the IPv4 address it embeds.
	if (zerosBefore(5) && groups[5] === 0xffff) return ipv4Kind(embeddedIpv4());
	// NAT64 (64:ff9b::a.b.c.d) reaches the IPv4 address it embeds.
	if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0))
		return ipv4Kind(embeddedIpv4());
	if ((groups[0] & 0xffc0) === 0xfe80) return 'a link-local address';
	// Unique local (fc00::/7) and the retired site-local (fec0::/10).
	if ((groups[0] & 0xfe00) === 0xfc00 || (groups[0] & 0xffc0) === 0xfec0)
		return 'a private-network address';
	return undefined;
}
