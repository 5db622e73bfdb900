import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	apiError,
	limitRefused,
	redirectRefused,
	transportFailure,
} from '@idv-documents/shared/http/failures';
import { BodyLimitError } from '@idv-documents/shared/http/bodyLimits';
import {
	EXAMPLE_SECRET,
	fakeScope,
	fakeService,
	networkError,
} from '../../fixtures/serviceContext';

const answer = (statusCode: number, body: unknown = '', headers: Record<string, unknown> = {}) => ({
	statusCode,
	headers,
	body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const scope = async () => await fakeScope(fakeService([]), { timeoutMs: 5000 });

describe('apiError', () => {
	test("the call's own wording comes first", async () => {
		const error = apiError(await scope(), answer(404, { message: 'nope' }), {
			message: 'Thing "t1" was not found',
			description: 'Check the ID.',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Thing "t1" was not found');
		expect(error.description).toBe('Check the ID.');
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(2);
	});

	test("then the service's wording for the status, with the environment and the provider's words", async () => {
		const error = apiError(await scope(), answer(401, { message: 'token expired' }));
		expect(error.message).toBe('The key was refused in "live"');
		expect(error.description).toBe('Get a new key. Said: token expired');
	});

	test("then the provider's words and generic advice", async () => {
		const error = apiError(await scope(), answer(403, { message: 'no access to things' }));
		expect(error.message).toBe('Example Service answered HTTP 403: no access to things');
		expect(error.description).toContain('lacks permission');
	});

	test('an unknown outcome says the request may have been processed and what to check', async () => {
		const error = apiError(await scope(), {
			...answer(500),
			unknownOutcome: 'Check the things in Example.',
		});
		expect(error.description).toContain('it may have processed it; it was not sent again');
		expect(error.description).toContain('Check the things in Example.');
		expect(error.description).toContain('"Resend When Outcome Unknown"');
	});

	test('a key the server echoes never reaches the message, description or body', async () => {
		const error = apiError(await scope(), answer(400, { message: `bad key ${EXAMPLE_SECRET}` }));
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain(EXAMPLE_SECRET);
		expect(error.message).toContain('bad key');
	});
});

describe('transportFailure', () => {
	const read = { limit: { maxBytes: 100, what: 'a JSON answer' }, idempotent: true };

	test('a network failure names the host, the cause and how often it was tried', async () => {
		const error = transportFailure(await scope(), read, networkError('ECONNREFUSED'), 4);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Could not reach api.example.test: the connection was refused (nothing listens at that address)',
		);
		expect(error.description).toMatch(/^Tried 4 times\./);
	});

	test('a change cut off after sending has an unknown outcome, with what to check', async () => {
		const change = { ...read, idempotent: false, ifUnsure: 'Look for the thing first.' };
		const cut = transportFailure(await scope(), change, networkError('ECONNRESET'), 1);
		expect(cut.message).toMatch(
			/^The outcome is unknown: the connection to api.example.test failed/,
		);
		expect(cut.description).toContain('Look for the thing first.');
		// A refused connection proves nothing was sent: an ordinary failure.
		const refused = transportFailure(await scope(), change, networkError('ECONNREFUSED'), 1);
		expect(refused.message).toMatch(/^Could not reach/);
	});

	test('a body over its limit is a limit refusal', async () => {
		const error = transportFailure(await scope(), read, new BodyLimitError('tooLarge', 100), 1);
		expect(error.message).toBe(
			'Example Service sent more than 100 bytes for a JSON answer, over the 100 bytes limit',
		);
	});
});

describe('limitRefused', () => {
	const limit = { maxBytes: 2 * 1024 * 1024, what: 'the image', option: 'Max Image Size (MB)' };
	const refused = async (error: BodyLimitError) =>
		limitRefused(await scope(), 'The host', limit, error);

	test('too large: the size, the limit and the option that raises it', async () => {
		const error = await refused(new BodyLimitError('tooLarge', limit.maxBytes, 3 * 1024 * 1024));
		expect(error.message).toBe('The host announced 3 MB for the image, over the 2 MB limit');
		expect(error.description).toContain('raise "Max Image Size (MB)"');
	});

	test('too slow: the deadline in seconds and the Timeout to raise', async () => {
		const error = await refused(new BodyLimitError('tooSlow', 60_000));
		expect(error.message).toBe('The host was still sending the image after 60 s');
		expect(error.description).toContain('raise the Timeout option');
	});

	test('unholdable: nothing was read, whatever the option', async () => {
		const error = await refused(new BodyLimitError('unholdable', limit.maxBytes, 2 ** 53));
		expect(error.message).toContain('more than one file in memory can hold');
		expect(error.description).toMatch(/^Nothing was read\. Keep "Max Image Size \(MB\)" below/);
	});
});

describe('redirectRefused', () => {
	test('names the target host only: its path and query may carry signatures', async () => {
		const error = redirectRefused(
			await scope(),
			answer(302, '', { location: 'https://cdn.test/file?signature=abc' }),
			'https://api.example.test/things',
		);
		expect(error.message).toBe(
			'Example Service answered HTTP 302, a redirect to https://cdn.test; it was not followed',
		);
		expect(error.message).not.toContain('signature');
	});

	test('an http address redirected to its https self gets the hint', async () => {
		const error = redirectRefused(
			await scope(),
			answer(301, '', { location: 'https://api.example.test/things' }),
			'http://api.example.test/things',
		);
		expect(error.description).toContain('(https:// rather than http://)');
	});
});
