/**
 * Servers that echo the key back, over loopback sockets: whatever form the key is stored
 * in (with stray whitespace or a line break), the value actually sent is what a server
 * echoes, and it must be masked in every output and error, case and cuts notwithstanding.
 */
import type { ServerResponse } from 'http';

import { fakeJpeg } from '../fixtures/zip';
import { runChain, type NodeUnderTest, type WorkflowResult } from '../harness/engine';
import { loopbackCredentials, sendJson, useLoopbackServer, type Received } from './loopbackServer';

const SOCURE_KEY = 'Echo-Socure-Key-5B1C-aaaa';
const VERIFIK_TOKEN = 'Echo-Verifik-Token-9D2E-bbbb';
const UNIT21_KEY = 'Echo-Unit21-Key-7F3A-cccc';
const EVALUATION_ID = '0f5b6c1e-2d3a-4b5c-8d9e-0a1b2c3d4e5f';

const api = useLoopbackServer();

/** How each key may have been stored: pasted with stray whitespace, a newline, or wrapped in two. */
const STORED_FORMS: Array<[string, (key: string) => string]> = [
	['surrounded by spaces and a newline', (key) => `  ${key} \n`],
	['ending in CRLF', (key) => `${key}\r\n`],
	['wrapped over two lines', (key) => `\t${key.slice(0, 10)}\n${key.slice(10)}\n`],
];

const credentials = (store: (key: string) => string) =>
	loopbackCredentials(api.url, {
		socure: store(SOCURE_KEY),
		verifik: store(VERIFIK_TOKEN),
		unit21: store(UNIT21_KEY),
	});

/** What the request carried as its key, exactly as sent. */
function sentKey(request: Received): string {
	const header = String(request.headers.authorization ?? request.headers['u21-key'] ?? '');
	return header.replace(/^Bearer /, '');
}

const imageItem = [
	{
		json: {},
		binary: { data: { content: fakeJpeg('front'), fileName: 'front.jpg', mimeType: 'image/jpeg' } },
	},
];

interface Path {
	node: NodeUnderTest;
	input: Parameters<typeof runChain>[0]['input'];
	/** A successful answer that carries `echo`. */
	success: (response: ServerResponse, echo: string) => void;
}

const PATHS: Record<string, Path> = {
	'Socure RiskOS Get Evaluation': {
		node: {
			name: 'Node',
			type: 'socureRiskOs',
			parameters: { resource: 'evaluation', operation: 'get', evaluationId: EVALUATION_ID },
		},
		input: [{ json: {} }],
		success: (response, echo) =>
			sendJson(response, 200, {
				eval_id: EVALUATION_ID,
				decision: 'ACCEPT',
				tags: [`sent ${echo}`],
				data_enrichments: [],
			}),
	},
	'Verifik Get': {
		node: {
			name: 'Node',
			type: 'verifik',
			parameters: { resource: 'documentLiveness', operation: 'get', documentLivenessId: 'dl_1' },
		},
		input: [{ json: {} }],
		success: (response, echo) =>
			sendJson(response, 200, { success: true, data: { _id: 'dl_1', note: `sent ${echo}` } }),
	},
	'Verifik Get as an AI Agent tool': {
		node: {
			name: 'Node',
			type: 'verifikTool',
			parameters: { resource: 'documentLiveness', operation: 'get', documentLivenessId: 'dl_1' },
		},
		input: [{ json: { toolCallId: 'call_1' } }],
		success: (response, echo) =>
			sendJson(response, 200, { success: true, data: { _id: 'dl_1', note: `sent ${echo}` } }),
	},
	'Unit21 Add Media': {
		node: { name: 'Node', type: 'unit21', parameters: { entityId: 'cust-1', options: {} } },
		input: imageItem,
		success: (response, echo) => sendJson(response, 200, { echoed: `sent ${echo}` }),
	},
};

/** Everything the run left that a user can see, for searching. */
function seenIn(result: WorkflowResult): string {
	return JSON.stringify({
		runData: result.run.data.resultData.runData,
		error: result.error,
		message: result.error?.message,
		description: result.error?.description,
	});
}

/** No key, in any case, nor its first ten characters (a key cut short is still half a key). */
function expectNoKeyIn(result: WorkflowResult): void {
	const seen = seenIn(result).toLowerCase();
	for (const key of [SOCURE_KEY, VERIFIK_TOKEN, UNIT21_KEY]) {
		expect(seen).not.toContain(key.slice(0, 10).toLowerCase());
	}
}

describe('a key stored with stray whitespace or line breaks: the value sent is masked', () => {
	for (const [form, store] of STORED_FORMS) {
		for (const [name, path] of Object.entries(PATHS)) {
			test(`${name}, key ${form}: sent trimmed and joined; echoed in a success and in an error, masked`, async () => {
				api.handle = (request, response) => path.success(response, sentKey(request));
				const succeeded = await runChain({
					input: path.input,
					nodes: [path.node],
					credentials: credentials(store),
				});
				expect(succeeded.error).toBeUndefined();
				expect([SOCURE_KEY, VERIFIK_TOKEN, UNIT21_KEY]).toContain(sentKey(api.received[0]));
				expect(seenIn(succeeded)).toContain('sent [redacted]');
				expectNoKeyIn(succeeded);

				api.handle = (request, response) =>
					sendJson(response, 400, { message: `key ${sentKey(request)} is not allowed here` });
				const failed = await runChain({
					input: path.input,
					nodes: [path.node],
					credentials: credentials(store),
				});
				expect(failed.error?.message).toBeDefined();
				expect(seenIn(failed)).toContain('key [redacted] is not allowed here');
				expectNoKeyIn(failed);
			});
		}
	}
});

describe('an echo in another case, or straddling a cut, is masked', () => {
	const verifikGet: NodeUnderTest = PATHS['Verifik Get'].node;
	const run = async () =>
		await runChain({
			input: [{ json: {} }],
			nodes: [verifikGet],
			credentials: credentials((key) => key),
		});

	// The message: its exact text, or expect.stringMatching where the key is cut.
	test.each<[string, typeof api.handle, unknown]>([
		[
			'a redirect whose target host holds the key (shown lower-cased by URL parsing)',
			(request, response) =>
				response
					.writeHead(302, { Location: `https://${sentKey(request)}.example.com/moved` })
					.end(),
			'Verifik answered HTTP 302, a redirect to https://[redacted].example.com; it was not followed (item 0)',
		],
		[
			'the key upper-cased in an error body',
			(request, response) =>
				sendJson(response, 400, { message: `KEY ${sentKey(request).toUpperCase()} REFUSED` }),
			'Verifik answered HTTP 400: KEY [redacted] REFUSED (item 0)',
		],
		[
			'a text error body with the key across its 500th character',
			(request, response) =>
				response
					.writeHead(400, { 'Content-Type': 'text/plain' })
					.end(`${'x'.repeat(495)}${sentKey(request)} and more after it`),
			expect.stringMatching(/^Verifik answered HTTP 400: x{495}\[reda…/),
		],
	])('%s', async (_label, handle, message) => {
		api.handle = handle;
		const result = await run();
		expect(result.error?.message).toEqual(message);
		expectNoKeyIn(result);
	});

	test('the key as a property name in a record', async () => {
		api.handle = (request, response) =>
			sendJson(response, 200, { success: true, data: { _id: 'dl_1', [sentKey(request)]: 1 } });
		const result = await run();
		expect(result.output('Node')[0].json).toEqual({ _id: 'dl_1', '[redacted]': 1 });
		expectNoKeyIn(result);
	});
});
