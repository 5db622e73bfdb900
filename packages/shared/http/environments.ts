/**
 * Environment tables: which hosts a service has, and how a credential's choice (or its
 * custom Base URL) becomes the root that documented paths are appended to. Each service
 * writes its table once, in its ServiceDefinition; credentials build their selector from it.
 */

export interface EnvironmentDefinition {
	value: string;
	name: string;
	url: string;
}

export const CUSTOM_ENVIRONMENT = 'custom';

/** A service's hosts, in the order its credential lists them; the first is the default. */
export type EnvironmentTable = readonly [EnvironmentDefinition, ...EnvironmentDefinition[]];

/** The first environment of each table is the credential's default. */
export function defaultEnvironment(environments: EnvironmentTable): string {
	return environments[0].value;
}

/**
 * Resolves the root URL (no trailing slash) that documented paths are appended to.
 * Throws a plain Error with a user-facing message for an unknown environment or a
 * custom base URL that is not an absolute http(s) URL.
 */
export function resolveBaseUrl(
	environments: EnvironmentTable,
	environment: string | undefined,
	customBaseUrl?: string,
): string {
	const selected = environment || defaultEnvironment(environments);
	if (selected === CUSTOM_ENVIRONMENT) {
		return normaliseCustomBaseUrl(customBaseUrl ?? '');
	}
	const match = environments.find((env) => env.value === selected);
	if (!match) {
		const known = environments.map((env) => env.value).join(', ');
		throw new Error(
			`Unknown environment "${selected}". Choose one of ${known} or "custom" in the credential.`,
		);
	}
	return match.url;
}

function normaliseCustomBaseUrl(raw: string): string {
	const trimmed = raw.trim();
	if (!trimmed) {
		throw new Error(
			'The credential uses the "Custom" environment but its Base URL is empty. Enter the scheme and host, e.g. https://proxy.example.com',
		);
	}
	const parsed = parseUrl(trimmed);
	if (!parsed) {
		throw new Error(
			`The credential's Base URL "${trimmed}" is not a valid URL. Enter the scheme and host, e.g. https://proxy.example.com`,
		);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(`The credential's Base URL "${trimmed}" must start with http:// or https://`);
	}
	if (parsed.search || parsed.hash) {
		throw new Error(
			`The credential's Base URL "${trimmed}" must not contain a query string or fragment`,
		);
	}
	return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/**
 * The same resolution as an n8n expression body, for credential `test` requests,
 * which n8n evaluates before any node code runs. Kept beside resolveBaseUrl so a
 * host is still written only once.
 */
export function baseUrlExpression(environments: EnvironmentTable): string {
	const table = JSON.stringify(Object.fromEntries(environments.map((env) => [env.value, env.url])));
	const fallback = JSON.stringify(environments[0].url);
	return `={{ $credentials.environment === "custom" ? String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : (${table}[$credentials.environment] || ${fallback}) }}`;
}
