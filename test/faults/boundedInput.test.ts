/**
 * Bad input from a server or a sender gets a worded error, over loopback sockets: image
 * links to private addresses, list pages larger than asked for, JSON nested to overflow
 * the stack.
 */
import { createHmac } from 'crypto';

import {
	FAKE_RISKOS_BEARER_CREDENTIAL,
	FAKE_UNIT21_SIGNING_CREDENTIAL,
} from '../fixtures/credentials';
import { verifikGetNode } from '../fixtures/verifik';
import { fakeJpeg } from '../fixtures/zip';
import { binaryBytes, runChain, webhookWorkflow, type NodeUnderTest } from '../harness/engine';
import { sendJson, useLoopbackServer, type Handler } from './loopbackServer';

const VERIFIK_TOKEN = 'bounded-verifik-token-4e1a';
const api = useLoopbackServer();

function verifikCredential(extra: Record<string, unknown> = {}) {
	return {
		verifikApi: {
			environment: 'custom',
			baseUrl: `${api.url}/verifik`,
			accessToken: VERIFIK_TOKEN,
			...extra,
		},
	};
}

const verifikGet = (options: Record<string, unknown> = {}): NodeUnderTest =>
	verifikGetNode({ options }, { name: 'Node' });
const verifikGetMany = (parameters: Record<string, unknown>): NodeUnderTest => ({
	name: 'Node',
	type: 'verifik',
	parameters: { resource: 'documentLiveness', operation: 'getMany', ...parameters },
});

async function run(node: NodeUnderTest, credentialExtra: Record<string, unknown> = {}) {
	return await runChain({
		input: [{ json: {} }],
		nodes: [node],
		credentials: verifikCredential(credentialExtra),
	});
}

describe('image links to private addresses are refused unless Allowed Domains name them', () => {
	const recordWithImage =
		(imageUrl: string): Handler =>
		(_request, response) =>
			sendJson(response, 200, { success: true, data: { _id: 'dl_1', imageUrl } });

	test.each([
		['127.0.0.1', 'a loopback address'],
		['127.8.9.10', 'a loopback address'],
		['localhost', 'a loopback address'],
		['images.localhost', 'a loopback address'],
		['[::1]', 'a loopback address'],
		['10.1.2.3', 'a private-network address'],
		['172.20.0.5', 'a private-network address'],
		['192.168.1.10', 'a private-network address'],
		['[fd12:3456::1]', 'a private-network address'],
		['169.254.169.254', 'a link-local address'],
		['[fe80::1]', 'a link-local address'],
		['[::ffff:10.0.0.1]', 'a private-network address'],
		['[::ffff:127.0.0.1]', 'a loopback address'],
		['0x7f.1', 'a loopback address'],
		['0.0.0.0', 'a loopback address'],
	])('https://%s/… is not fetched: %s', async (host, kind) => {
		api.handle = recordWithImage(`https://${host}:1/dl_1.jpg`);
		const result = await run(verifikGet({ downloadImage: true, maxRetries: 0, timeoutSeconds: 2 }));
		const shown = new URL(`https://${host}/`).hostname;
		expect(result.error?.message).toBe(
			`Refused to download ${shown}:1/dl_1.jpg: ${shown} is ${kind} (item 0)`,
		);
		expect(result.error?.description).toBe(
			`File links that point into n8n's own network (loopback, link-local or private addresses) are fetched only when the credential names the host. If you trust ${shown}, set the credential's "Allowed HTTP Request Domains" to "Specific Domains" and add ${shown} to "Allowed Domains".`,
		);
		expect(api.received).toHaveLength(1);
	});

	test('public hosts and names that merely look private are not refused by this check', async () => {
		const { fileUrlRefusal } = await import('@idv-documents/shared/http/fileUrls');
		const policy = { baseUrl: 'https://api.verifik.co', credentials: {} };
		for (const host of [
			'cdn.verifik.co',
			'8.8.8.8',
			'172.32.0.1',
			'11.0.0.1',
			'[2001:db8::1]',
			'10.example.com',
			'localhost.example.com',
		])
			expect(fileUrlRefusal(policy, `https://${host}/a.jpg`)).toBeUndefined();
	});

	test("a private host named in Allowed Domains is fetched (the user's own image store)", async () => {
		api.handle = (request, response) =>
			request.url.startsWith('/verifik/')
				? recordWithImage(`${api.url.replace('http:', 'https:')}/image.jpg`)(request, response)
				: response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(fakeJpeg('x'));
		// The loopback server speaks http only: the https fetch failing proves it was attempted.
		const result = await run(verifikGet({ downloadImage: true, maxRetries: 0 }), {
			allowedHttpRequestDomains: 'domains',
			allowedDomains: '127.0.0.1',
		});
		expect(result.error?.message).toMatch(/^Could not download 127\.0\.0\.1:\d+\/image\.jpg: /);
	});

	test("the API's own address stays fetchable over http (a local simulator)", async () => {
		api.handle = (request, response) =>
			request.url.startsWith('/verifik/')
				? recordWithImage(`${api.url}/image.jpg`)(request, response)
				: response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(fakeJpeg('x'));
		const result = await run(verifikGet({ downloadImage: true }));
		expect(await binaryBytes(result.output('Node')[0].binary?.data)).toEqual(fakeJpeg('x'));
	});

	test('an image link that redirects to a private address is refused', async () => {
		api.handle = (request, response) =>
			request.url.startsWith('/verifik/')
				? recordWithImage(`${api.url}/image.jpg`)(request, response)
				: response.writeHead(302, { Location: 'https://169.254.169.254/latest/meta-data' }).end();
		const result = await run(verifikGet({ downloadImage: true, maxRetries: 0, timeoutSeconds: 2 }));
		expect(result.error?.message).toMatch(
			/^Refused to download 127\.0\.0\.1:\d+\/image\.jpg: it redirects to 169\.254\.169\.254\/latest\/meta-data, and 169\.254\.169\.254 is a link-local address \(item 0\)$/,
		);
	});
});

describe('Verifik Get Many bounds the records, not only the pages', () => {
	const records = (from: number, count: number) =>
		Array.from({ length: count }, (_, offset) => ({ _id: `dl_${from + offset}` }));
	/** A server that ignores `limit` and sends pages of `size`, `pages` of them. */
	const oversized =
		(size: number, pages: number): Handler =>
		(request, response) => {
			const page = Number(new URL(request.url, api.url).searchParams.get('page'));
			sendJson(response, 200, {
				success: true,
				data: page <= pages ? records((page - 1) * size + 1, size) : [],
				pagination: { page, pages },
			});
		};

	test('Return All: a page of 50,000 records for 100 asked for is refused with words', async () => {
		api.handle = oversized(50_000, 6);
		const result = await run(verifikGetMany({ returnAll: true }));
		expect(result.output('Node')).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Verifik sent 50000 records on page 1, more than the 100 asked for (item 0)',
		);
		expect(result.error?.description).toMatch(
			/^Verifik pages hold at most 100 records: this answer does not come from Verifik's list endpoint as documented\. Check the credential's environment or Base URL\.$/,
		);
		expect(api.received).toHaveLength(1);
	}, 30_000);

	test('Limit 30: a server that ignores limit still gives 30 items, from one request', async () => {
		api.handle = oversized(50_000, 6);
		const result = await run(verifikGetMany({ returnAll: false, limit: 30 }));
		expect(result.error).toBeUndefined();
		expect(result.output('Node').map((item) => item.json._id)).toEqual(
			records(1, 30).map((record) => record._id),
		);
		expect(api.received).toHaveLength(1);
	}, 30_000);

	test('Return All stops after 1,000 pages of 100 (100,000 records) with words', async () => {
		api.handle = oversized(100, 1_500);
		const result = await run(verifikGetMany({ returnAll: true }));
		expect(result.error?.message).toBe(
			'Verifik still had records after 1000 pages (100000 records) (item 0)',
		);
		expect(api.received).toHaveLength(1000);
	}, 120_000);
});

describe('JSON nested deeper than any API answer is refused with words, not a stack overflow', () => {
	const LEVELS = 200_000;
	const deepArray = `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`;
	const deepObject = `${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`;

	test.each([
		['arrays', `{"success":true,"data":{"_id":"dl_1","x":${deepArray}}}`],
		['objects', `{"success":true,"data":${deepObject}}`],
	])('a success answer of nested %s', async (_kind, body) => {
		api.handle = (_request, response) =>
			response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
		const result = await run(verifikGet());
		expect(result.error?.message).toBe(
			'Verifik answered with JSON nested more than 256 levels deep; it was not read (item 0)',
		);
		expect(result.error?.description).toMatch(/Check the credential's environment or Base URL/);
	});

	test('an error answer of nested arrays', async () => {
		api.handle = (_request, response) =>
			response.writeHead(400, { 'Content-Type': 'application/json' }).end(deepArray);
		const result = await run(verifikGet());
		expect(result.error?.message).toBe(
			'Verifik answered HTTP 400: a JSON body nested more than 256 levels deep, not read (item 0)',
		);
	});

	test('256 levels are still read', async () => {
		const body = `{"success":true,"data":{"_id":"dl_1","x":${'['.repeat(254)}${']'.repeat(254)}}}`;
		api.handle = (_request, response) =>
			response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
		const result = await run(verifikGet());
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json._id).toBe('dl_1');
	});

	test('Unit21 Custom Data nested 200,000 levels: refused before anything is sent', async () => {
		api.handle = (_request, response) => sendJson(response, 200, {});
		const result = await runChain({
			input: [
				{
					json: {},
					binary: {
						data: { content: fakeJpeg('front'), fileName: 'front.jpg', mimeType: 'image/jpeg' },
					},
				},
			],
			nodes: [
				{
					name: 'Node',
					type: 'unit21',
					parameters: { entityId: 'cust-1', options: { customData: `{"a":${deepArray}}` } },
				},
			],
			credentials: {
				unit21Api: {
					environment: 'custom',
					baseUrl: `${api.url}/unit21`,
					orgName: 'acme',
					apiKey: 'bounded-unit21-key-77aa',
				},
			},
		});
		expect(result.error?.message).toBe('Custom Data is nested more than 100 levels deep (item 0)');
		expect(api.received).toHaveLength(0);
	});

	const nested = (levels: number) =>
		`{"event_id":"e1","event_type":"evaluation_completed","data":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

	function expectRefusedDelivery(
		answered: { statusCode: number; body: unknown } | undefined,
	): void {
		expect(answered).toEqual({
			statusCode: 400,
			body: { message: 'Expected JSON nested at most 256 levels deep' },
		});
	}

	test('a Socure RiskOS Trigger delivery: 400, no execution', async () => {
		const body = nested(LEVELS);
		const result = await webhookWorkflow({
			trigger: { name: 'Trigger', type: 'socureRiskOsTrigger', parameters: {} },
			credentials: {
				socureRiskOsWebhookApi: { authType: 'bearer', token: FAKE_RISKOS_BEARER_CREDENTIAL },
			},
		}).deliver({
			headers: {
				'Content-Type': 'application/json',
				Authorization: `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`,
			},
			rawBody: Buffer.from(body),
		});
		expectRefusedDelivery(result.answered);
		expect(result.execution).toBeUndefined();
	});

	test('a Unit21 Trigger delivery: 400, no execution', async () => {
		const body = nested(LEVELS);
		const t = Math.floor(Date.now() / 1000);
		const signature = createHmac('sha256', FAKE_UNIT21_SIGNING_CREDENTIAL)
			.update(`${t}.${body}`)
			.digest('hex');
		const result = await webhookWorkflow({
			trigger: { name: 'Trigger', type: 'unit21Trigger', parameters: {} },
			credentials: { unit21WebhookApi: { secretKey: FAKE_UNIT21_SIGNING_CREDENTIAL } },
		}).deliver({
			headers: { 'Content-Type': 'application/json', 'unit21-signature': `t=${t},s0=${signature}` },
			rawBody: Buffer.from(body),
		});
		expectRefusedDelivery(result.answered);
		expect(result.execution).toBeUndefined();
	});
});
