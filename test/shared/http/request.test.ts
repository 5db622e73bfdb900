import { Readable } from 'node:stream';

import { NodeOperationError } from 'n8n-workflow';

import { sendServiceRequest } from '@idv-documents/shared/http/request';
import { fakeScope, fakeService, networkError } from '../../fixtures/serviceContext';

const ok = (body: unknown = {}) => ({ statusCode: 200, body: Buffer.from(JSON.stringify(body)) });

describe('sendServiceRequest', () => {
	test('sends to the environment root with the credential, as JSON, never following redirects', async () => {
		const fake = fakeService([ok({ id: 't1' })]);
		const response = await sendServiceRequest(await fakeScope(fake, { timeoutMs: 9000 }), {
			method: 'POST',
			path: '/things',
			qs: { expand: 'all' },
			body: { name: 'thing' },
			headers: { 'X-Extra': '1' },
		});
		expect(JSON.parse(response.body.toString())).toEqual({ id: 't1' });
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0]).toMatchObject({
			authenticated: true,
			method: 'POST',
			url: 'https://api.example.test/things',
			qs: { expand: 'all' },
			body: '{"name":"thing"}',
			headers: {
				Accept: 'application/json, */*',
				'Content-Type': 'application/json',
				'X-Extra': '1',
			},
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
			encoding: 'stream',
			timeout: 9000,
		});
	});

	test('a Buffer body goes as it is, with the content type the caller set', async () => {
		const fake = fakeService([ok()]);
		await sendServiceRequest(await fakeScope(fake), {
			method: 'PUT',
			path: '/files',
			headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
			body: Buffer.from('raw'),
			changes: { ifUnsure: 'Check the files.' },
		});
		expect(fake.requests[0].body).toEqual(Buffer.from('raw'));
		expect(fake.requests[0].headers).toMatchObject({
			'Content-Type': 'multipart/form-data; boundary=b',
		});
	});

	test('a read answered 500 is retried; the last answer is returned once retries are spent', async () => {
		const fake = fakeService([{ statusCode: 500 }, { statusCode: 502 }, ok()]);
		const response = await sendServiceRequest(await fakeScope(fake, { maxRetries: 2 }), {
			method: 'GET',
			path: '/things/1',
		});
		expect(response.statusCode).toBe(200);
		expect(fake.requests).toHaveLength(3);
	});

	test('a change answered 500 is not resent, and its outcome is reported unknown', async () => {
		const fake = fakeService([{ statusCode: 500 }, ok()]);
		const response = await sendServiceRequest(await fakeScope(fake, { maxRetries: 3 }), {
			method: 'POST',
			path: '/things',
			body: { name: 'thing' },
			changes: { ifUnsure: 'Look for the thing first.' },
		});
		expect(response.statusCode).toBe(500);
		expect(response.unknownOutcome).toBe('Look for the thing first.');
		expect(fake.requests).toHaveLength(1);
	});

	test('a change is resent after a 429, which proves it was not processed, or when the user allows it', async () => {
		const limited = fakeService([{ statusCode: 429 }, ok()]);
		await sendServiceRequest(await fakeScope(limited, { maxRetries: 1 }), {
			method: 'POST',
			path: '/things',
			changes: { ifUnsure: 'Look first.' },
		});
		expect(limited.requests).toHaveLength(2);
		const allowed = fakeService([{ statusCode: 500 }, ok()]);
		const response = await sendServiceRequest(await fakeScope(allowed, { maxRetries: 1 }), {
			method: 'POST',
			path: '/things',
			changes: { ifUnsure: 'Look first.', resendWhenUnsure: true },
		});
		expect(response.statusCode).toBe(200);
		expect(allowed.requests).toHaveLength(2);
	});

	test('a connection cut after a change was sent: not resent, an unknown outcome naming what to check', async () => {
		const fake = fakeService([networkError('ECONNRESET', 'socket hang up'), ok()]);
		const failure = await sendServiceRequest(await fakeScope(fake, { maxRetries: 3 }), {
			method: 'POST',
			path: '/things',
			changes: { ifUnsure: 'Look for the thing first.' },
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toMatch(/^The outcome is unknown/);
		expect((failure as NodeOperationError).description).toContain('Look for the thing first.');
		expect(fake.requests).toHaveLength(1);
	});

	test('a read that keeps failing on the network says how often it was tried', async () => {
		const fake = fakeService([networkError('ECONNRESET'), networkError('ECONNRESET')]);
		const failure = await sendServiceRequest(await fakeScope(fake, { maxRetries: 1 }), {
			method: 'GET',
			path: '/things',
		}).catch((error: unknown) => error);
		expect((failure as Error).message).toMatch(/^Could not reach api\.example\.test/);
		expect((failure as NodeOperationError).description).toMatch(/^Tried 2 times/);
	});

	test('a redirect is refused, naming its target host', async () => {
		const fake = fakeService([
			{ statusCode: 307, headers: { location: 'https://elsewhere.test/x?sig=1' } },
		]);
		const failure = await sendServiceRequest(await fakeScope(fake), {
			method: 'GET',
			path: '/things',
		}).catch((error: unknown) => error);
		expect((failure as Error).message).toBe(
			'Example Service answered HTTP 307, a redirect to https://elsewhere.test; it was not followed',
		);
	});

	test("an answer over the request's limit is refused with the option that raises it", async () => {
		// n8n hands the body over as a stream (encoding: 'stream'): it is counted as it arrives.
		const fake = fakeService([{ statusCode: 200, body: Readable.from([Buffer.alloc(2048)]) }]);
		const failure = await sendServiceRequest(await fakeScope(fake), {
			method: 'GET',
			path: '/archive',
			limit: { maxBytes: 1024, what: 'the archive', option: 'Max Archive Size (MB)' },
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toBe(
			'Example Service sent more than 1 KB for the archive, over the 1 KB limit',
		);
		expect((failure as NodeOperationError).description).toContain('raise "Max Archive Size (MB)"');
	});
});
