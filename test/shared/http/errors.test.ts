import {
	describeNetworkFailure,
	genericStatusAdvice,
	parseResponseBody,
	providerErrorCode,
	providerMessage,
	redactDeep,
	redactSecrets,
} from '@idv-documents/shared/http/errors';

describe('error bodies', () => {
	test("every documented shape yields the provider's words", () => {
		expect(providerMessage({ message: 'No Documents Found' })).toBe('No Documents Found');
		expect(
			providerMessage({
				error: 'Document liveness not found',
				message: 'DOCUMENT_LIVENESS_NOT_FOUND',
			}),
		).toBe('Document liveness not found: DOCUMENT_LIVENESS_NOT_FOUND');
		expect(
			providerMessage({
				success: false,
				error: 'Invalid query parameters',
				code: 'INVALID_PARAMETERS',
			}),
		).toBe('Invalid query parameters: INVALID_PARAMETERS');
		expect(providerMessage({ error_code: 'entity_not_found' })).toBe('entity_not_found');
		expect(providerMessage('Bad Gateway')).toBe('Bad Gateway');
		expect(providerMessage({})).toBeUndefined();
	});

	test('machine codes', () => {
		expect(
			providerErrorCode({
				error: 'Document liveness not found',
				message: 'DOCUMENT_LIVENESS_NOT_FOUND',
			}),
		).toBe('DOCUMENT_LIVENESS_NOT_FOUND');
		expect(providerErrorCode({ code: 'IMAGE_TOO_LARGE', message: 'too big' })).toBe(
			'IMAGE_TOO_LARGE',
		);
		expect(providerErrorCode({ message: 'No Documents Found' })).toBeUndefined();
	});

	test('bodies are parsed from buffers, text kept when not JSON', () => {
		expect(parseResponseBody(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
		expect(parseResponseBody(Buffer.from('<html>'))).toBe('<html>');
		expect(parseResponseBody(Buffer.alloc(0))).toBeUndefined();
	});

	test('advice per status', () => {
		expect(genericStatusAdvice(401)).toMatch(/key/);
		expect(genericStatusAdvice(404)).toMatch(/environment/);
		expect(genericStatusAdvice(503)).toMatch(/retries were spent/);
	});
});

describe('secrets', () => {
	test('are masked everywhere, short strings left alone', () => {
		expect(redactSecrets('key sk-live-abc123 rejected; sk-live-abc123', ['sk-live-abc123'])).toBe(
			'key [redacted] rejected; [redacted]',
		);
		expect(redactSecrets('a b c', ['a'])).toBe('a b c');
		expect(
			redactDeep({ body: { echo: ['Bearer sk-live-abc123'] }, n: 1 }, ['sk-live-abc123']),
		).toEqual({
			body: { echo: ['Bearer [redacted]'] },
			n: 1,
		});
	});
});

describe('network failures in words a user can act on', () => {
	const wrapped = (code: string, message: string) =>
		Object.assign(new Error('The connection was aborted, perhaps the server is offline'), {
			cause: Object.assign(new Error(message), { code }),
		});

	test('a timeout names the Timeout option, found anywhere in the cause chain', () => {
		expect(
			describeNetworkFailure(wrapped('ECONNABORTED', 'timeout of 1000ms exceeded'), 1000),
		).toBe('nothing received for 1 s (the Timeout option)');
		expect(describeNetworkFailure(Object.assign(new Error('connect'), { code: 'ETIMEDOUT' }))).toBe(
			'the request timed out',
		);
	});

	test('resets, refusals and unknown hosts', () => {
		expect(
			describeNetworkFailure(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
		).toBe('the connection was cut before the whole answer arrived');
		expect(describeNetworkFailure(new Error('socket hang up'))).toBe(
			'the connection was cut before the whole answer arrived',
		);
		expect(
			describeNetworkFailure(wrapped('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')),
		).toMatch(/^the connection was refused/);
		expect(describeNetworkFailure(wrapped('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example'))).toBe(
			'the host name could not be resolved',
		);
	});

	test('anything else keeps its own message; a cause that loops does not hang', () => {
		expect(describeNetworkFailure(new Error('certificate has expired'))).toBe(
			'certificate has expired',
		);
		const looping = new Error('odd') as Error & { cause?: unknown };
		looping.cause = looping;
		expect(describeNetworkFailure(looping)).toBe('odd');
	});
});
