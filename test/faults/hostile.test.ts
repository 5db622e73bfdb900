/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Hostile and broken servers, over real loopback sockets: the nodes run in n8n's
 * engine against servers that redirect elsewhere, send too much or too slowly, echo
 * the key, drop the connection after a create, page wrongly or name files to deceive.
 * Each case checks what the servers received and what the user sees.
 */
import type { ServerResponse } from 'http';
import { brotliCompressSync } from 'zlib';

import { buildZip, fakeJpeg } from '../fixtures/zip';
import { binaryBytes, runChain, type NodeUnderTest, type WorkflowResult } from '../harness/engine';
import { expectNoSecretIn } from '../harness/secrets';
import {
	loopbackCredentials,
	sendJson,
	useLoopbackServer,
	type Handler,
	type Received,
} from './loopbackServer';

const FAKE_SOCURE_CREDENTIAL = 'hostile-socure-key-5b1c';
const FAKE_VERIFIK_CREDENTIAL = 'hostile-verifik-token-9d2e';
const FAKE_UNIT21_CREDENTIAL = 'hostile-unit21-key-7f3a';
const SECRETS = [FAKE_SOCURE_CREDENTIAL, FAKE_VERIFIK_CREDENTIAL, FAKE_UNIT21_CREDENTIAL];
const EVALUATION_ID = '0f5b6c1e-2d3a-4b5c-8d9e-0a1b2c3d4e5f';
const MB = 1024 * 1024;

/**
 * Streams `total` bytes of `fill` in 64 KB chunks, waiting for the socket to drain;
 * resolves true when the whole body was flushed, false when the client hung up first
 * (stopped reading: far more than the socket buffers was left).
 */
async function streamBody(response: ServerResponse, total: number, fill = 0x20): Promise<boolean> {
	const whole = new Promise<boolean>((resolve) => {
		response.once('finish', () => resolve(true));
		response.once('close', () => resolve(false));
	});
	const chunk = Buffer.alloc(64 * 1024, fill);
	for (let sent = 0; sent < total && !response.destroyed; ) {
		const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
		sent += part.length;
		if (!response.write(part)) {
			await new Promise<void>((resolve) => {
				response.once('drain', resolve);
				response.once('close', resolve);
			});
		}
	}
	if (!response.destroyed) response.end();
	return await whole;
}

const api = useLoopbackServer();
const other = useLoopbackServer();

const credentials = (extra: Record<string, Record<string, unknown>> = {}) =>
	loopbackCredentials(
		api.url,
		{
			socure: FAKE_SOCURE_CREDENTIAL,
			verifik: FAKE_VERIFIK_CREDENTIAL,
			unit21: FAKE_UNIT21_CREDENTIAL,
		},
		extra,
	);

async function run(
	node: NodeUnderTest,
	input: Parameters<typeof runChain>[0]['input'] = [{ json: {} }],
	extra = {},
): Promise<WorkflowResult> {
	return await runChain({ input, nodes: [node], credentials: credentials(extra) });
}

const socure = (
	options: Record<string, unknown> = {},
	parameters: Record<string, unknown> = {},
): NodeUnderTest => ({
	name: 'Node',
	type: 'socureRiskOs',
	parameters: { evaluationId: EVALUATION_ID, options, ...parameters },
});
const verifikGet = (id: string, options: Record<string, unknown> = {}): NodeUnderTest => ({
	name: 'Node',
	type: 'verifik',
	parameters: { resource: 'documentLiveness', operation: 'get', documentLivenessId: id, options },
});
const verifikCreate = (options: Record<string, unknown> = {}): NodeUnderTest => ({
	name: 'Node',
	type: 'verifik',
	parameters: { resource: 'documentLiveness', operation: 'create', options },
});
const verifikGetMany = (parameters: Record<string, unknown>): NodeUnderTest => ({
	name: 'Node',
	type: 'verifik',
	parameters: { resource: 'documentLiveness', operation: 'getMany', ...parameters },
});
const unit21 = (entityId: string, options: Record<string, unknown> = {}): NodeUnderTest => ({
	name: 'Node',
	type: 'unit21',
	parameters: { entityId, options },
});

const imageItem = [
	{
		json: {},
		binary: { data: { content: fakeJpeg('front'), fileName: 'front.jpg', mimeType: 'image/jpeg' } },
	},
];

const expectNoSecret = (result: WorkflowResult) => expectNoSecretIn(result, SECRETS);

describe('a redirect never carries the credential to another host', () => {
	const cases: Array<[string, NodeUnderTest, Parameters<typeof runChain>[0]['input'], string]> = [
		['Socure RiskOS (Authorization: Bearer key)', socure(), [{ json: {} }], 'Socure RiskOS'],
		['Verifik (Authorization: Bearer token)', verifikGet('dl_1'), [{ json: {} }], 'Verifik'],
		[
			'Unit21 (u21-key and the document body, 307 re-sends the PUT)',
			unit21('cust-1'),
			imageItem,
			'Unit21',
		],
	];

	test.each(cases)(
		'%s: a 307 to another origin is an error naming the status and host, and nothing reaches that host',
		async (_name, node, input, title) => {
			api.handle = (_request, response) =>
				response.writeHead(307, { Location: `${other.url}/collect?sig=s3cr3t-signature` }).end();
			other.handle = (_request, response) => sendJson(response, 200, { success: true, data: {} });
			const result = await run(node, input);
			expect(other.received).toHaveLength(0);
			expect(api.received).toHaveLength(1);
			const host = new URL(other.url).host;
			expect(result.error?.message).toBe(
				`${title} answered HTTP 307, a redirect to http://${host}; it was not followed (item 0)`,
			);
			expect(result.error?.description).toMatch(/never follows a redirect from the API/);
			expect(JSON.stringify(result.run.data.resultData)).not.toContain('s3cr3t-signature');
			expectNoSecret(result);
		},
	);

	test('a 302 on the same host is not followed either (the key stays where it was sent)', async () => {
		api.handle = (request, response) =>
			request.url?.startsWith('/moved')
				? sendJson(response, 200, { success: true, data: { _id: 'x' } })
				: response.writeHead(302, { Location: '/moved' }).end();
		const result = await run(verifikGet('dl_1'));
		expect(api.received.map((request) => request.url)).toEqual([
			'/verifik/v2/document-liveness/dl_1',
		]);
		expect(result.error?.message).toMatch(
			/^Verifik answered HTTP 302, a redirect to http:\/\/127\.0\.0\.1:\d+; it was not followed \(item 0\)$/,
		);
	});

	test("Verifik's image link may redirect, but not to a plain-http host elsewhere", async () => {
		api.handle = (request, response) => {
			if (request.url === '/verifik/v2/document-liveness/dl_1')
				sendJson(response, 200, {
					success: true,
					data: { _id: 'dl_1', imageUrl: `${api.url}/cdn/dl_1.jpg` },
				});
			else response.writeHead(302, { Location: `${other.url}/dl_1.jpg?token=abc` }).end();
		};
		other.handle = (_request, response) =>
			response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(fakeJpeg('x'));
		const result = await run(verifikGet('dl_1', { downloadImage: true }));
		expect(other.received).toHaveLength(0);
		expect(result.error?.message).toMatch(
			/^Refused to download 127\.0\.0\.1:\d+\/cdn\/dl_1\.jpg: it redirects to 127\.0\.0\.1:\d+\/dl_1\.jpg, and only https links are fetched, and this one is http \(item 0\)$/,
		);
	});
});

describe('an answer is bounded before it is held', () => {
	test('Socure: an archive announced over Max Archive Size is refused before a byte is read', async () => {
		api.handle = (_request, response) => {
			response.writeHead(200, {
				'Content-Type': 'application/zip',
				'Content-Length': String(50 * MB),
			});
			response.write(Buffer.alloc(1024));
		};
		const result = await run(socure({ maxArchiveSizeMb: 1, maxRetries: 0 }));
		expect(result.error?.message).toBe(
			"Socure RiskOS announced 50 MB for the evaluation's ZIP archive, over the 1 MB limit (item 0)",
		);
		expect(result.error?.description).toBe(
			'Nothing beyond the limit was read. If the file is genuine, raise "Max Archive Size (MB)" in the options.',
		);
	});

	test('Socure: a chunked archive stops being read as soon as it passes the limit', async () => {
		let wholeBodySent: Promise<boolean> | undefined;
		api.handle = (_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/zip' });
			wholeBodySent = streamBody(response, 64 * MB);
		};
		const result = await run(socure({ maxArchiveSizeMb: 1, maxRetries: 0 }));
		expect(result.error?.message).toBe(
			"Socure RiskOS sent more than 1 MB for the evaluation's ZIP archive, over the 1 MB limit (item 0)",
		);
		expect(await wholeBodySent).toBe(false);
	});

	test('Socure: a Content-Length no Buffer can hold is a size error, not "size is out of range"', async () => {
		api.handle = (_request, response) => {
			response.writeHead(200, {
				'Content-Type': 'application/zip',
				'Content-Length': '9000000000000000',
			});
			response.write(Buffer.alloc(16));
		};
		const result = await run(socure({ maxArchiveSizeMb: 10_000_000_000, maxRetries: 0 }));
		expect(result.error?.message).toBe(
			"Socure RiskOS announced 8381903.2 GB for the evaluation's ZIP archive, more than one file in memory can hold (item 0)",
		);
	});

	test('Verifik: a small brotli answer that inflates past the JSON limit is stopped while inflating', async () => {
		// Valid JSON once inflated: 64 MB of spaces inside the envelope, 64 KB on the wire.
		const inflated = Buffer.concat([
			Buffer.from('{"success":true,"data":{"_id":"dl_1"}'),
			Buffer.alloc(64 * MB, 0x20),
			Buffer.from('}'),
		]);
		const compressed = brotliCompressSync(inflated);
		expect(compressed.length).toBeLessThan(MB);
		api.handle = (_request, response) =>
			response
				.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'br' })
				.end(compressed);
		const result = await run(verifikGet('dl_1', { maxRetries: 0 }));
		expect(result.error?.message).toBe(
			'Verifik sent more than 8 MB for a JSON answer, over the 8 MB limit (item 0)',
		);
		expect(result.error?.description).toMatch(
			/^Nothing beyond the limit was read; this API's answers are far smaller/,
		);
	});

	test('Verifik: an image host sending more than Max Image Size is cut off there', async () => {
		let wholeBodySent: Promise<boolean> | undefined;
		api.handle = (request, response) => {
			if (request.url?.startsWith('/verifik/'))
				return sendJson(response, 200, {
					success: true,
					data: { _id: 'dl_1', imageUrl: `${api.url}/cdn/dl_1.jpg` },
				});
			response.writeHead(200, { 'Content-Type': 'image/jpeg' });
			wholeBodySent = streamBody(response, 64 * MB, 0xff);
		};
		const result = await run(
			verifikGet('dl_1', { downloadImage: true, maxImageSizeMb: 2, maxRetries: 0 }),
		);
		expect(result.error?.message).toMatch(
			/^The host of 127\.0\.0\.1:\d+\/cdn\/dl_1\.jpg sent more than 2 MB for the image, over the 2 MB limit \(item 0\)$/,
		);
		expect(result.error?.description).toMatch(/raise "Max Image Size \(MB\)"/);
		expect(await wholeBodySent).toBe(false);
	});

	test('Unit21: of a huge error answer only the start is read, and the status still says what happened', async () => {
		let wholeBodySent: Promise<boolean> | undefined;
		api.handle = (_request, response) => {
			response.writeHead(500, { 'Content-Type': 'text/plain' });
			wholeBodySent = streamBody(response, 64 * MB, 0x61);
		};
		const result = await run(unit21('cust-1', { maxRetries: 0 }), imageItem);
		expect(result.error?.message).toMatch(/^Unit21 answered HTTP 500: a{500}… \(item 0\)$/);
		expect(await wholeBodySent).toBe(false);
	});

	test('a JSON answer that drips a byte at a time ends at its deadline (the Timeout), though data keeps coming', async () => {
		api.handle = async (_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.write('{"success":true,"data":{"_id":"dl_1"');
			while (!response.destroyed) {
				response.write(' ');
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		};
		const result = await run(verifikGet('dl_1', { timeoutSeconds: 1, maxRetries: 0 }));
		expect(result.error?.message).toBe(
			'Verifik was still sending a JSON answer after 1 s (item 0)',
		);
		expect(result.error?.description).toMatch(/raise the Timeout option/);
	}, 15_000);
});

describe('secrets a server echoes stay masked', () => {
	test('Socure "No Documents Found" naming the key: masked in the output item and in the Fail error', async () => {
		api.handle = (_request, response) =>
			sendJson(response, 400, {
				status: 'Error',
				msg: 'x',
				message: `No Documents Found for key ${FAKE_SOCURE_CREDENTIAL}`,
			});
		const emitted = await run(socure());
		expect(emitted.output('Node')[0].json).toEqual({
			evaluationId: EVALUATION_ID,
			documentsFound: false,
			message: 'No Documents Found for key [redacted]',
		});
		const failed = await run(socure({ onNoDocuments: 'error' }));
		expect(failed.error?.message).toBe(
			`Socure has no documents for evaluation "${EVALUATION_ID}": No Documents Found for key [redacted] (item 0)`,
		);
		expectNoSecret(emitted);
		expectNoSecret(failed);
	});

	test('Socure: a Content-Disposition file name carrying the key is masked in the ZIP item', async () => {
		api.handle = (_request, response) =>
			response
				.writeHead(200, {
					'Content-Type': 'application/zip',
					'Content-Disposition': `attachment; filename="${FAKE_SOCURE_CREDENTIAL}.zip"`,
				})
				.end(buildZip([{ name: 'a.jpg', content: fakeJpeg('a') }]));
		const result = await run(socure({}, { output: 'zip' }));
		expect(result.output('Node')[0].json.fileName).toBe('[redacted].zip');
		expectNoSecret(result);
	});

	test('Verifik success:false repeating the token: masked in the error', async () => {
		api.handle = (_request, response) =>
			sendJson(response, 200, {
				success: false,
				message: `token ${FAKE_VERIFIK_CREDENTIAL} lacks the plan`,
			});
		const result = await run(verifikGet('dl_1'));
		expect(result.error?.message).toBe(
			'Verifik reported a failure: token [redacted] lacks the plan (item 0)',
		);
		expectNoSecret(result);
	});

	test('Verifik: a record repeating the token is output masked', async () => {
		api.handle = (_request, response) =>
			sendJson(response, 200, {
				success: true,
				data: { _id: 'dl_1', requestedWith: `Bearer ${FAKE_VERIFIK_CREDENTIAL}` },
			});
		const result = await run(verifikGet('dl_1'));
		expect(result.output('Node')[0].json).toEqual({
			_id: 'dl_1',
			requestedWith: 'Bearer [redacted]',
		});
	});

	test('Unit21: an upload answer repeating the key is output masked; so is an error answer', async () => {
		api.handle = (_request, response) =>
			sendJson(response, 200, { echoed: FAKE_UNIT21_CREDENTIAL });
		const result = await run(unit21('cust-1'), imageItem);
		expect(result.output('Node')[0].json.response).toEqual({ echoed: '[redacted]' });
		api.handle = (_request, response) =>
			sendJson(response, 400, { error: `bad key ${FAKE_UNIT21_CREDENTIAL}` });
		const failed = await run(unit21('cust-1'), imageItem);
		expect(failed.error?.message).toBe('Unit21 answered HTTP 400: bad key [redacted] (item 0)');
		expectNoSecret(failed);
	});
});

describe('a create or upload is not done twice', () => {
	const dropAfterReceiving: Handler = (_request, response) => {
		response.socket?.destroy();
	};

	test('Verifik create: a connection cut after the POST was sent is not resent; the outcome is called unknown', async () => {
		api.handle = dropAfterReceiving;
		const result = await run(verifikCreate({ maxRetries: 3 }), imageItem);
		expect(api.received.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(result.error?.message).toMatch(
			/^The outcome is unknown: the connection to 127\.0\.0\.1:\d+ failed after the request was sent \(.+\) \(item 0\)$/,
		);
		expect(result.error?.description).toMatch(
			/^Verifik may have processed it, so it was not sent again\. Look for the record with Get Many/,
		);
		expectNoSecret(result);
	});

	test('Unit21: a connection cut after the PUT is not resent, nor is a 500', async () => {
		api.handle = dropAfterReceiving;
		const cut = await run(unit21('cust-1', { maxRetries: 3 }), imageItem);
		expect(api.received).toHaveLength(1);
		expect(cut.error?.description).toMatch(
			/Check the media of Entity "cust-1" in Unit21 before running the node again/,
		);
		api.reset();
		api.handle = (_request, response) => sendJson(response, 500, { error: 'internal' });
		const failed = await run(unit21('cust-1', { maxRetries: 3 }), imageItem);
		expect(api.received).toHaveLength(1);
		expect(failed.error?.description).toMatch(
			/^Unit21 failed after receiving the request, so it may have processed it; it was not sent again\./,
		);
	});

	test('Unit21: 429, 423 and 503 with Retry-After say the upload was not processed, so it is resent', async () => {
		const answers = [
			[429, { 'Retry-After': '0' }],
			[423, {}],
			[503, { 'Retry-After': '0' }],
		] as const;
		api.handle = (request, response) => {
			const answer = answers[api.received.length - 1];
			if (answer) sendJson(response, answer[0], { error: 'wait' }, answer[1]);
			else sendJson(response, 200, {});
		};
		const result = await run(unit21('cust-1', { maxRetries: 3 }), imageItem);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(4);
	});

	test('with "Resend When Outcome Unknown" on, the user\'s choice: the upload is resent', async () => {
		api.handle = (_request, response) =>
			api.received.length === 1 ? response.socket?.destroy() : sendJson(response, 200, {});
		const result = await run(
			unit21('cust-1', { maxRetries: 1, resendWhenUnsure: true }),
			imageItem,
		);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(2);
	});
});

describe('IDs made of dots cannot move the request', () => {
	test.each([
		[
			'Unit21 entity ".."',
			unit21('..'),
			imageItem,
			'Entity ID ".." is not a valid Unit21 entity ID (item 0)',
		],
		[
			'Verifik ID "."',
			verifikGet('.'),
			[{ json: {} }],
			'Document liveness ID "." is not a valid ID (item 0)',
		],
		[
			'Verifik ID ".."',
			verifikGet('..'),
			[{ json: {} }],
			'Document liveness ID ".." is not a valid ID (item 0)',
		],
	])('%s is refused before any request', async (_name, node, input, message) => {
		api.handle = (_request, response) => sendJson(response, 200, { success: true, data: [] });
		const result = await run(node, input);
		expect(api.received).toHaveLength(0);
		expect(result.error?.message).toBe(message);
	});
});

describe('an organization name made of dots cannot move the request', () => {
	test.each(['..', '.', ' .. '])(
		'Unit21 org name %j is refused as a credential error before any request',
		async (orgName) => {
			api.handle = (_request, response) => sendJson(response, 200, {});
			const result = await run(unit21('cust-1'), imageItem, { unit21Api: { orgName } });
			expect(api.received).toHaveLength(0);
			expect(result.error?.message).toBe(
				`The Unit21 credential's Organization Name "${orgName.trim()}" is only dots (item 0)`,
			);
			expect(result.error?.description).toMatch(
				/would change the request path .* Enter the org_name Unit21 assigned to you \(e\.g\. acme_bank\) in the Organization Name field of the Unit21 API credential/,
			);
		},
	);

	test('an org name with dots among other characters is sent, encoded in the path', async () => {
		api.handle = (_request, response) => sendJson(response, 200, {});
		const result = await run(unit21('cust-1'), imageItem, { unit21Api: { orgName: 'acme..bank' } });
		expect(result.error).toBeUndefined();
		expect(api.received.map((request) => request.url)).toEqual([
			'/unit21/v1/acme..bank/entities/cust-1/link-media',
		]);
	});
});

describe('a Unit21 request too large to build is refused before it is encoded', () => {
	const files = (count: number, size: number) => [
		{
			json: {},
			binary: Object.fromEntries(
				Array.from({ length: count }, (_, index) => [
					`file${index}`,
					{
						content: fakeJpeg(`f${index}`, size),
						fileName: `f${index}.jpg`,
						mimeType: 'image/jpeg',
					},
				]),
			),
		},
	];
	const unit21All = (options: Record<string, unknown>, uploadMode = 'formData'): NodeUnderTest => ({
		name: 'Node',
		type: 'unit21',
		parameters: {
			entityId: 'cust-1',
			binaryPropertyName: '*',
			mediaType: 'none',
			uploadMode,
			options,
		},
	});

	test('base64: 16 files of 5 MB would make a request over 100 MB; nothing is sent', async () => {
		api.handle = (_request, response) => sendJson(response, 200, {});
		const result = await run(unit21All({}, 'base64'), files(16, 5 * MB - 16));
		expect(api.received).toHaveLength(0);
		expect(result.error?.message).toMatch(
			/^The request for item 0 would be about 106\.7 MB, over the 100 MB the node sends to Unit21 in one request \(item 0\)$/,
		);
		expect(result.error?.description).toMatch(/16 files of 80 MB together/);
		expect(result.error?.description).toMatch(/Base64 JSON makes files a third larger/);
	});

	test('Custom Data is counted once per file: 4 MB of it on 30 small files is refused', async () => {
		api.handle = (_request, response) => sendJson(response, 200, {});
		const customData = JSON.stringify({ notes: 'n'.repeat(4 * MB) });
		const result = await run(unit21All({ customData }), files(30, 1024));
		expect(api.received).toHaveLength(0);
		expect(result.error?.message).toMatch(
			/^The request for item 0 would be about 120\.1 MB, over the 100 MB the node sends to Unit21 in one request \(item 0\)$/,
		);
		expect(result.error?.description).toMatch(
			/Custom Data of 4 MB, sent with each of the 30 files/,
		);
	});

	test('the same Custom Data on 3 files is sent', async () => {
		api.handle = (_request, response) => sendJson(response, 200, {});
		const customData = JSON.stringify({ notes: 'n'.repeat(4 * MB) });
		const result = await run(unit21All({ customData }), files(3, 1024));
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
	});
});

describe('Verifik Get Many returns each record once', () => {
	const record = (index: number) => ({
		_id: `dl_${String(index).padStart(6, '0')}`,
		status: 'completed',
	});

	/** An honest server over `total` records: `page` and `limit` as Verifik documents them. */
	function honest(total: number, withPagination = true): Handler {
		return (request, response) => {
			const query = new URL(request.url ?? '', api.url).searchParams;
			const page = Number(query.get('page'));
			const limit = Number(query.get('limit'));
			const data = Array.from(
				{ length: Math.max(0, Math.min(limit, total - (page - 1) * limit)) },
				(_, offset) => record((page - 1) * limit + offset + 1),
			);
			sendJson(response, 200, {
				success: true,
				data,
				...(withPagination
					? { pagination: { page, limit, total, pages: Math.ceil(total / limit) } }
					: {}),
			});
		};
	}
	const ids = (result: WorkflowResult) => result.output('Node').map((item) => item.json._id);
	const expected = (count: number) =>
		Array.from({ length: count }, (_, index) => record(index + 1)._id);

	test('Limit 130 gives records 1–130, each once (pages keep one size)', async () => {
		api.handle = honest(1000);
		const result = await run(verifikGetMany({ returnAll: false, limit: 130 }));
		expect(ids(result)).toEqual(expected(130));
	});

	test('without a pagination object, Return All goes on while pages are full', async () => {
		api.handle = honest(250, false);
		const result = await run(verifikGetMany({ returnAll: true }));
		expect(ids(result)).toEqual(expected(250));
		expect(api.received).toHaveLength(3);
	});

	test('one page of 200,000 records (Limit 200,000) does not overflow the call stack', async () => {
		const data = Array.from({ length: 200_000 }, (_, index) => ({ _id: `r${index}` }));
		api.handle = (_request, response) =>
			sendJson(response, 200, { success: true, data, pagination: { page: 1, pages: 1 } });
		// Return All refuses a page larger than asked for (test/faults/boundedInput.test.ts).
		const result = await run(verifikGetMany({ returnAll: false, limit: 200_000 }));
		expect(result.error).toBeUndefined();
		expect(result.output('Node')).toHaveLength(200_000);
	}, 60_000);

	test('a server that ignores page and claims 1e9 pages: stops when a page brings nothing new', async () => {
		api.handle = (_request, response) =>
			sendJson(response, 200, {
				success: true,
				data: expected(100).map((_id) => ({ _id })),
				pagination: { page: 1, pages: 1e9 },
			});
		const result = await run(verifikGetMany({ returnAll: true }));
		expect(ids(result)).toEqual(expected(100));
		expect(api.received).toHaveLength(2);
	}, 15_000);
});

describe('Socure Get Evaluation (a JSON read) gets the same protections', () => {
	const getEvaluation = (options: Record<string, unknown> = {}): NodeUnderTest =>
		socure(options, { resource: 'evaluation', operation: 'get' });

	test('a 302 to another origin is refused, and nothing reaches that host', async () => {
		api.handle = (_request, response) =>
			response
				.writeHead(302, { Location: `${other.url}/api/evaluation/x?sig=s3cr3t-signature` })
				.end();
		other.handle = (_request, response) => sendJson(response, 200, { eval_id: EVALUATION_ID });
		const result = await run(getEvaluation());
		expect(other.received).toHaveLength(0);
		expect(api.received.map((request) => request.url)).toEqual([
			`/socure/api/evaluation/${EVALUATION_ID}`,
		]);
		expect(result.error?.message).toBe(
			`Socure RiskOS answered HTTP 302, a redirect to http://${new URL(other.url).host}; it was not followed (item 0)`,
		);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('s3cr3t-signature');
		expectNoSecret(result);
	});

	test('an evaluation over the JSON limit is refused as it arrives, whatever Max Archive Size says', async () => {
		let wholeBodySent: Promise<boolean> | undefined;
		api.handle = (_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			wholeBodySent = streamBody(response, 64 * MB);
		};
		const result = await run(getEvaluation({ maxRetries: 0 }));
		expect(result.error?.message).toBe(
			'Socure RiskOS sent more than 8 MB for a JSON answer, over the 8 MB limit (item 0)',
		);
		expect(await wholeBodySent).toBe(false);
	});

	test('an evaluation and an error answer repeating the key are masked', async () => {
		api.handle = (_request, response) =>
			sendJson(response, 200, {
				eval_id: EVALUATION_ID,
				decision: 'ACCEPT',
				tags: [`key ${FAKE_SOCURE_CREDENTIAL}`],
				data_enrichments: [],
			});
		const read = await run(getEvaluation());
		expect(read.output('Node')[0].json.tags).toEqual(['key [redacted]']);
		expectNoSecret(read);
		api.handle = (_request, response) =>
			sendJson(response, 400, { status: 'Error', message: `bad key ${FAKE_SOCURE_CREDENTIAL}` });
		const refused = await run(getEvaluation());
		expect(refused.error?.httpCode).toBe('400');
		expect(refused.error?.description).toContain('bad key [redacted]');
		expectNoSecret(refused);
	});
});

describe('smaller ones', () => {
	const recordWithImage = (imageUrl: string) => (_request: Received, response: ServerResponse) =>
		sendJson(response, 200, { success: true, data: { _id: 'dl_1', imageUrl } });

	test('Verifik imageUrl: plain http on another host is not fetched', async () => {
		api.handle = recordWithImage(`${other.url}/dl_1.jpg`);
		other.handle = (_request, response) =>
			response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(fakeJpeg('x'));
		const result = await run(verifikGet('dl_1', { downloadImage: true }));
		expect(other.received).toHaveLength(0);
		expect(result.error?.message).toMatch(
			/^Refused to download 127\.0\.0\.1:\d+\/dl_1\.jpg: only https links are fetched, and this one is http \(item 0\)$/,
		);
	});

	test("Verifik imageUrl: a host outside the credential's Allowed Domains is not fetched", async () => {
		api.handle = recordWithImage('https://cdn.elsewhere.example/dl_1.jpg');
		const result = await run(verifikGet('dl_1', { downloadImage: true }), [{ json: {} }], {
			verifikApi: { allowedHttpRequestDomains: 'domains', allowedDomains: '*.verifik.co' },
		});
		expect(result.error?.message).toBe(
			"Refused to download cdn.elsewhere.example/dl_1.jpg: the credential's Allowed Domains (*.verifik.co) do not include cdn.elsewhere.example (item 0)",
		);
	});

	test("Verifik imageUrl on the API's own address is still fetched (the simulator's case)", async () => {
		api.handle = (request, response) =>
			request.url?.startsWith('/verifik/')
				? recordWithImage(`${api.url}/cdn/dl_1.jpg`)(request, response)
				: response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(fakeJpeg('x'));
		const result = await run(verifikGet('dl_1', { downloadImage: true }), [{ json: {} }], {
			verifikApi: { allowedHttpRequestDomains: 'domains', allowedDomains: '*.verifik.co' },
		});
		expect(await binaryBytes(result.output('Node')[0].binary?.data)).toEqual(fakeJpeg('x'));
	});

	test('ZIP file names lose bidi, zero-width and C1 characters, and long names are cut to 255 bytes between code points', async () => {
		const long = `${'😀'.repeat(250)}.jpg`;
		api.handle = (_request, response) =>
			response.writeHead(200, { 'Content-Type': 'application/zip' }).end(
				buildZip([
					{ name: 'case_attachments/invoice\u202Egpj.exe', content: Buffer.from('MZ') },
					{ name: 'case_attachments/a\u200Bb\u2066c\u0085d.pdf', content: Buffer.from('%PDF-1.4') },
					{ name: `case_attachments/${long}`, content: fakeJpeg('long') },
				]),
			);
		const result = await run(socure());
		const names = result.output('Node').map((item) => item.json.fileName as string);
		expect(names.slice(0, 2)).toEqual(['invoicegpj.exe', 'abcd.pdf']);
		expect(names[2]).toBe(`${'😀'.repeat(62)}.jpg`);
		expect(Buffer.byteLength(names[2])).toBeLessThanOrEqual(255);
	});

	test('Unit21 Timestamp: -1, "foo 1" and 2024-02-30 are refused; a millisecond epoch is sent as seconds', async () => {
		api.handle = (_request, response) => sendJson(response, 200, {});
		for (const timestamp of ['-1', 'foo 1', '2024-02-30']) {
			const result = await run(unit21('cust-1', { timestamp }), imageItem);
			expect(result.error?.message).toBe(`Timestamp "${timestamp}" is not a date (item 0)`);
		}
		expect(api.received).toHaveLength(0);
		const result = await run(unit21('cust-1', { timestamp: '1700000000123' }), imageItem);
		expect(result.error).toBeUndefined();
		expect(api.received[0].body.toString()).toContain('"timestamp":1700000000');
		expect(api.received[0].body.toString()).not.toContain('1700000000123');
	});

	test('a ZIP that holds no files yields an item, not nothing', async () => {
		api.handle = (_request, response) =>
			response
				.writeHead(200, { 'Content-Type': 'application/zip' })
				.end(buildZip([{ name: 'user_uploaded/' }]));
		const result = await run(socure());
		expect(result.output('Node').map((item) => item.json)).toEqual([
			{ evaluationId: EVALUATION_ID, documentsFound: false, message: 'The archive holds no files' },
		]);
		const inOne = await run(socure({}, { output: 'filesInOneItem' }));
		expect(inOne.output('Node').map((item) => item.json.documentsFound)).toEqual([false]);
	});
});
