import {
	describeNetworkFailure,
	genericStatusAdvice,
	JsonTooDeepError,
	jsonTextNestsDeeperThan,
	parseJson,
	parseResponseBody,
	providerErrorCode,
	providerMessage,
	redactDeep,
	redactSecrets,
	valueNestsDeeperThan,
} from '@idv-documents/shared/http/errors';
import { secretAsSent, secretForms } from '@idv-documents/shared/http/secrets';

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

describe('secrets in any case and form', () => {
	test('are masked whatever their case, longest first, in values and property names', () => {
		expect(redactSecrets('host sk-live-abc123.example.com', ['SK-Live-ABC123'])).toBe(
			'host [redacted].example.com',
		);
		expect(redactSecrets('a.b*c+d a-b*c+d', ['a.b*c+d'])).toBe('[redacted] a-b*c+d');
		expect(redactSecrets('key abcdef-123', ['abcdef', 'abcdef-123'])).toBe('key [redacted]');
		expect(redactDeep({ 'Sk-Live-Abc123': ['x sk-live-abc123'] }, ['sk-live-abc123'])).toEqual({
			'[redacted]': ['x [redacted]'],
		});
	});

	test('a text body is masked before it is cut, so no part of a key survives the cut', () => {
		const body = Buffer.from(`${'x'.repeat(495)}sk-live-abc123 more`);
		expect(parseResponseBody(body, ['sk-live-abc123'])).toBe(`${'x'.repeat(495)}[reda…`);
	});

	test('a key is sent without control characters or surrounding whitespace; stored and sent forms are masked', () => {
		expect(secretAsSent('  sk-live\r\n-abc123 \n')).toBe('sk-live-abc123');
		expect(secretAsSent('\tsk-\u200blive')).toBe('sk-live');
		expect(secretAsSent(undefined)).toBe('');
		expect(
			secretForms({ apiKey: ' sk-live\n-abc123\n', other: 'x' }, ['apiKey', 'missing']),
		).toEqual([' sk-live\n-abc123\n', 'sk-live\n-abc123', 'sk-live-abc123']);
	});
});

describe('JSON nested deeper than any answer', () => {
	test('the text scan counts arrays and objects, not brackets inside strings', () => {
		expect(jsonTextNestsDeeperThan('[[[]]]', 3)).toBe(false);
		expect(jsonTextNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
		expect(jsonTextNestsDeeperThan('{"a":{"b":{"c":1}}}', 3)).toBe(false);
		expect(jsonTextNestsDeeperThan('["[[[[", "\\"", {"x": "{{{{"}]', 2)).toBe(false);
	});

	test('parseJson refuses deep text before parsing; parsed values are measured without recursion', () => {
		const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
		expect(() => parseJson(deep)).toThrow(JsonTooDeepError);
		expect(() => parseJson(deep)).toThrow('JSON nested more than 256 levels deep');
		expect(parseJson('{"a":[1]}')).toEqual({ a: [1] });
		expect(() => parseResponseBody(Buffer.from(deep))).toThrow(JsonTooDeepError);
		// A web page's braces are text, not nesting.
		expect(parseResponseBody(Buffer.from(`<script>${'{'.repeat(300)}</script>`))).toMatch(
			/^<script>\{{300}<\/script>$/,
		);
		expect(valueNestsDeeperThan(JSON.parse(deep), 256)).toBe(true);
		expect(valueNestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
		expect(valueNestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
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
