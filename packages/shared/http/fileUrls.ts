/**
 * Which file URLs a service hands out (e.g. an image link in a record) may be fetched:
 * the service's answer is not trusted to point anywhere safe.
 */
import type { IDataObject } from 'n8n-workflow';

/** What the check needs of a run's connection to the service. */
export interface FileUrlPolicy {
	/** The API's own address: a local simulator or a proxy may serve files over http there. */
	baseUrl: string;
	credentials: IDataObject;
}

/**
 * Why a file URL the service handed out is not fetched, or undefined when it may be:
 * only https (or the API's own address, e.g. a local simulator), and only hosts the
 * credential's "Allowed Domains" setting lists when it restricts them.
 */
export function fileUrlRefusal(policy: FileUrlPolicy, url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'it is not a URL';
	}
	const sameOrigin = parsed.origin === new URL(policy.baseUrl).origin;
	if (parsed.protocol !== 'https:' && !sameOrigin)
		return `only https links are fetched, and this one is ${parsed.protocol.replace(':', '')}`;
	const allowed = allowedDomains(policy.credentials);
	if (allowed !== undefined && !sameOrigin && !isDomainAllowed(parsed.hostname, allowed)) {
		return `the credential's Allowed Domains (${allowed.join(', ')}) do not include ${parsed.hostname}`;
	}
	return undefined;
}

/** The credential's domain list when its "Allowed HTTP Request Domains" is "Specific Domains" (n8n shows it on every credential). */
function allowedDomains(credentials: IDataObject): string[] | undefined {
	if (credentials.allowedHttpRequestDomains !== 'domains') return undefined;
	return String(credentials.allowedDomains ?? '')
		.split(',')
		.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean);
}

/** n8n's rule: `*.example.com` matches subdomains only, anything else the exact host. */
function isDomainAllowed(hostname: string, allowed: string[]): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return allowed.some((domain) =>
		domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain,
	);
}
