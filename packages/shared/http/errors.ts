/**
 * Turning a provider's error answer into words a user can act on, and keeping
 * secrets out of them. Plain TypeScript; nodes wrap the result in NodeApiError.
 */

/** Decodes a response body (Buffer, string or parsed JSON) into JSON when it is JSON. */
export function parseResponseBody(body: unknown): unknown {
	if (body === undefined || body === null) return undefined;
	let text: string | undefined;
	if (Buffer.isBuffer(body)) text = body.toString('utf8');
	else if (body instanceof ArrayBuffer) text = Buffer.from(body).toString('utf8');
	else if (typeof body === 'string') text = body;
	if (text === undefined) return body;
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	try {
		return JSON.parse(trimmed) as unknown;
	} catch {
		return trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed;
	}
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

/** Replaces every occurrence of each secret (of 4+ characters) with a mask. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < 4) continue;
		result = result.split(secret).join('[redacted]');
	}
	return result;
}

/** Deep copy of a JSON-like value with every secret masked in its strings. */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as T;
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, secrets)) as T;
	if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([key, entry]) => [
				key,
				redactDeep(entry, secrets),
			]),
		) as T;
	}
	return value;
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
