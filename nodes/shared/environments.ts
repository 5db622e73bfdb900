/**
 * The hosts of every service, written once. Credentials build their environment
 * selector from these tables and the transports resolve the request root from them.
 */

export type ServiceName = 'socureRiskOs' | 'verifik' | 'unit21';

export interface EnvironmentDefinition {
	value: string;
	name: string;
	url: string;
}

export const CUSTOM_ENVIRONMENT = 'custom';

export const ENVIRONMENTS: Record<ServiceName, readonly EnvironmentDefinition[]> = {
	socureRiskOs: [
		{ value: 'sandbox', name: 'Sandbox', url: 'https://riskos.sandbox.socure.com' },
		{ value: 'production', name: 'Production', url: 'https://riskos.socure.com' },
	],
	verifik: [
		{ value: 'production', name: 'Production', url: 'https://api.verifik.co' },
		{ value: 'sandbox', name: 'Sandbox', url: 'https://api-sandbox.verifik.co' },
	],
	unit21: [
		{ value: 'sandbox1', name: 'Sandbox 1', url: 'https://sandbox1-api.unit21.com' },
		{ value: 'sandbox2', name: 'Sandbox 2', url: 'https://sandbox2-api.unit21.com' },
		{ value: 'sandboxEu', name: 'Sandbox EU', url: 'https://api.sandbox1.eu-central-1.unit21.com' },
		{ value: 'production1', name: 'Production 1', url: 'https://api.unit21.com' },
		{ value: 'production2', name: 'Production 2', url: 'https://api.prod2.unit21.com' },
		{ value: 'productionEu', name: 'Production EU', url: 'https://api.prod1.eu-central-1.unit21.com' },
	],
};

/** The first environment of each table is the credential's default. */
export function defaultEnvironment(service: ServiceName): string {
	return ENVIRONMENTS[service][0].value;
}

/**
 * Resolves the root URL (no trailing slash) that documented paths are appended to.
 * Throws a plain Error with a user-facing message for an unknown environment or a
 * custom base URL that is not an absolute http(s) URL.
 */
export function resolveBaseUrl(
	service: ServiceName,
	environment: string | undefined,
	customBaseUrl?: string,
): string {
	const selected = environment || defaultEnvironment(service);
	if (selected === CUSTOM_ENVIRONMENT) {
		return normaliseCustomBaseUrl(customBaseUrl ?? '');
	}
	const match = ENVIRONMENTS[service].find((env) => env.value === selected);
	if (!match) {
		const known = ENVIRONMENTS[service].map((env) => env.value).join(', ');
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
export function baseUrlExpression(service: ServiceName): string {
	const table = JSON.stringify(
		Object.fromEntries(ENVIRONMENTS[service].map((env) => [env.value, env.url])),
	);
	const fallback = JSON.stringify(ENVIRONMENTS[service][0].url);
	return `={{ $credentials.environment === "custom" ? String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : (${table}[$credentials.environment] || ${fallback}) }}`;
}
