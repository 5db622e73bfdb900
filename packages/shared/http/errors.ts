/**
 * Turning a provider's error answer into words a user can act on, and keeping
 * secrets out of them. Plain TypeScript; nodes wrap the result in NodeApiError.
 */

/** Deeper than any answer of these APIs or any webhook delivery: past it, recursive copies overflow the stack. */
export const MAX_JSON_DEPTH = 256;

/** Of a text (not JSON) body, only the start is shown. */
const TEXT_BODY_SHOWN = 500;

/** JSON nested deeper than MAX_JSON_DEPTH: refused before it is parsed. */
export class JsonTooDeepError extends Error {
	constructor(readonly maxDepth: number) {
		super(`JSON nested more than ${maxDepth} levels deep`);
	}
}

/**
 * Whether JSON text opens more than `maxDepth` arrays or objects inside each other. A
 * scan of the text, strings skipped: JSON.parse itself copes with any depth, but every
 * recursive walk after it (masking, n8n's copies, JSON.stringify) overflows the stack.
 */
export function jsonTextNestsDeeperThan(text: string, maxDepth: number): boolean {
	let depth = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (inString) {
			// A backslash escapes the next character, a quote among them.
			if (code === 0x5c) index++;
			else if (code === 0x22) inString = false;
		} else if (code === 0x22) inString = true;
		else if (code === 0x5b || code === 0x7b) {
			if (++depth > maxDepth) return true;
		} else if (code === 0x5d || code === 0x7d) depth--;
	}
	return false;
}

/** Whether a parsed value holds arrays or objects more than `maxDepth` deep; walked without recursion. */
export function valueNestsDeeperThan(value: unknown, maxDepth: number): boolean {
	const pending: Array<[unknown, number]> = [[value, 0]];
	while (pending.length) {
		const [current, depth] = pending.pop()!;
		if (!current || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
		if (depth + 1 > maxDepth) return true;
		for (const entry of Object.values(current)) pending.push([entry, depth + 1]);
	}
	return false;
}

/** JSON.parse, refusing (JsonTooDeepError) text nested deeper than `maxDepth` before parsing it. */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
	if (jsonTextNestsDeeperThan(text, maxDepth)) throw new JsonTooDeepError(maxDepth);
	return JSON.parse(text) as unknown;
}

/** A response body read: its JSON (or text) with secrets masked, or the depth it went past. */
export type ReadBody = { body: unknown } | { tooDeep: number };

/**
 * Decodes a response body (Buffer, string or parsed JSON) into JSON when it is JSON,
 * with every secret masked; a text body is masked whole, then cut to its start (a cut
 * first could leave half a key). JSON nested deeper than MAX_JSON_DEPTH is not parsed.
 */
export function readResponseBody(
	body: unknown,
	secrets: ReadonlyArray<string | undefined> = [],
): ReadBody {
	if (body === undefined || body === null) return { body: undefined };
	let text: string | undefined;
	if (Buffer.isBuffer(body)) text = body.toString('utf8');
	else if (body instanceof ArrayBuffer) text = Buffer.from(body).toString('utf8');
	else if (typeof body === 'string') text = body;
	if (text === undefined) return { body: redactDeep(body, secrets) };
	const trimmed = text.trim();
	if (!trimmed) return { body: undefined };
	// Only JSON opening with an array or object can nest (a web page's braces are not counted).
	if (/^[[{]/.test(trimmed) && jsonTextNestsDeeperThan(trimmed, MAX_JSON_DEPTH))
		return { tooDeep: MAX_JSON_DEPTH };
	try {
		return { body: redactDeep(JSON.parse(trimmed) as unknown, secrets) };
	} catch {
		const masked = redactSecrets(trimmed, secrets);
		return {
			body: masked.length > TEXT_BODY_SHOWN ? `${masked.slice(0, TEXT_BODY_SHOWN)}…` : masked,
		};
	}
}

/** readResponseBody's body; JsonTooDeepError for JSON nested too deep. */
export function parseResponseBody(
	body: unknown,
	secrets: ReadonlyArray<string | undefined> = [],
): unknown {
	const read = readResponseBody(body, secrets);
	if ('tooDeep' in read) throw new JsonTooDeepError(read.tooDeep);
	return read.body;
}

/**
 * The provider's own words from any of the shapes these APIs use:
 * `{message}`, `{error, message}`, `{code, message}`, `{success:false, error, code}`,
 * `{error_code}`, or a plain text body.
 */
export function providerMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const parts: string[] = [];
	for (const key of ['error', 'message', 'code', 'error_code', 'detail', 'details']) {
		const value = record[key];
		if (typeof value === 'string' && value && !parts.includes(value)) parts.push(value);
	}
	return parts.length ? parts.join(': ') : undefined;
}

/** A service's own words, ready to append to a description: ` Socure said: "…".`, or '' when it said nothing. */
export function saidBy(speaker: string, said: string | undefined): string {
	return said ? ` ${speaker} said: "${said}".` : '';
}

/** The machine-readable code of an error body, e.g. DOCUMENT_LIVENESS_NOT_FOUND. */
export function providerErrorCode(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['code', 'error_code', 'message', 'error']) {
		const value = record[key];
		if (typeof value === 'string' && /^[A-Z][A-Z0-9_]{2,}$/.test(value)) return value;
	}
	return undefined;
}

/** What the user should do, by status, when a service has nothing more specific. */
export function genericStatusAdvice(statusCode: number): string {
	if (statusCode === 401)
		return 'The credential was rejected: check the key and that its environment matches.';
	if (statusCode === 403)
		return 'The credential is valid but lacks permission for this request: ask an admin to grant it.';
	if (statusCode === 404)
		return "The object was not found in this environment: check the ID and the credential's environment.";
	if (statusCode === 408) return 'The service timed out: try again later.';
	if (statusCode === 409)
		return "The service refused the request because of the object's current state.";
	if (statusCode === 413) return 'The request is too large for the service: send a smaller file.';
	if (statusCode === 423)
		return 'The object is being updated by the service: try again in a moment.';
	if (statusCode === 429)
		return "The service's rate limit was reached and retries were spent: lower the pace or try later.";
	if (statusCode >= 500)
		return 'The service had an internal fault and retries were spent: try again later or contact the provider.';
	return 'The service refused the request: check the parameters.';
}

/** Secrets shorter than this are not masked: they would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * A function that masks every secret in a text, whatever its case: a server may echo
 * a key inside a host name, which URL parsing lower-cases.
 */
export function secretMasker(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
	const masked = [
		...new Set(
			secrets.filter(
				(secret): secret is string =>
					typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
			),
		),
	]
		// Longest first: a secret that contains another is masked whole.
		.sort((a, b) => b.length - a.length)
		.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	if (!masked.length) return (text) => text;
	const pattern = new RegExp(masked.join('|'), 'gi');
	return (text) => (text.length < MIN_SECRET_LENGTH ? text : text.replace(pattern, '[redacted]'));
}

/** Replaces every occurrence of each secret (of 4+ characters), in any case, with a mask. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	return secretMasker(secrets)(text);
}

/** Deep copy of a JSON-like value with every secret masked in its strings and property names. */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
	const mask = secretMasker(secrets);
	const copy = (entry: unknown): unknown => {
		if (typeof entry === 'string') return mask(entry);
		if (Array.isArray(entry)) return entry.map(copy);
		if (entry && typeof entry === 'object' && !Buffer.isBuffer(entry)) {
			return Object.fromEntries(
				Object.entries(entry as Record<string, unknown>).map(([key, inner]) => [
					mask(key),
					copy(inner),
				]),
			);
		}
		return entry;
	};
	return copy(value) as T;
}

/** The error and its causes, outermost first (n8n and axios wrap the socket's error). */
export function errorChain(error: unknown): Array<{ code?: unknown; message?: unknown }> {
	const chain: Array<{ code?: unknown; message?: unknown; cause?: unknown }> = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && !chain.includes(current) && chain.length < 10) {
		chain.push(current as { code?: unknown; message?: unknown; cause?: unknown });
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/**
 * A network failure (no HTTP status) in words a user can act on; the error's own
 * message when it is none of the known kinds.
 */
export function describeNetworkFailure(error: unknown, timeoutMs?: number): string {
	const chain = errorChain(error);
	const codes = new Set(
		chain.map((entry) => entry.code).filter((code): code is string => typeof code === 'string'),
	);
	const text = chain
		.map((entry) => (typeof entry.message === 'string' ? entry.message : ''))
		.join(' | ');
	if (/timeout|timed out/i.test(text) || codes.has('ETIMEDOUT') || codes.has('ESOCKETTIMEDOUT')) {
		return timeoutMs
			? `nothing received for ${timeoutMs / 1000} s (the Timeout option)`
			: 'the request timed out';
	}
	if (codes.has('ECONNREFUSED'))
		return 'the connection was refused (nothing listens at that address)';
	if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN'))
		return 'the host name could not be resolved';
	if (codes.has('ECONNRESET') || codes.has('EPIPE') || /\baborted\b|socket hang up/i.test(text)) {
		return 'the connection was cut before the whole answer arrived';
	}
	const first = chain[0]?.message;
	return typeof first === 'string' && first ? first : String(error);
}
