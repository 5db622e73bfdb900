/**
 * Faults of the wire, over real sockets: the nodes run in n8n's engine against the
 * API simulator (sim/server.js), which cuts connections, stalls, truncates and
 * mislabels answers on purpose. Every case checks what the user sees, how many
 * attempts were made, and that no secret leaks.
 */
import { createSimulator, SECRETS, type Simulator } from '../../sim/server';
import { verifikGetNode } from '../fixtures/verifik';
import { cleanUpBinaryData, runChain, type WorkflowResult } from '../harness/engine';
import { expectNoSecretIn } from '../harness/secrets';

let sim: Simulator;

beforeAll(async () => {
	sim = await createSimulator();
});
afterAll(async () => {
	await sim.close();
	cleanUpBinaryData();
});

const faultId = (fault: string, serial: number) =>
	`${fault}-0000-4000-8000-${String(serial).padStart(12, '0')}`;

function credentials() {
	return {
		socureRiskOsApi: {
			environment: 'custom',
			baseUrl: `${sim.url}/socure`,
			apiKey: SECRETS.socure,
		},
		verifikApi: {
			environment: 'custom',
			baseUrl: `${sim.url}/verifik`,
			accessToken: SECRETS.verifik,
		},
		unit21Api: {
			environment: 'custom',
			baseUrl: `${sim.url}/unit21`,
			orgName: SECRETS.unit21Org,
			apiKey: SECRETS.unit21,
		},
	};
}

async function downloadDocuments(
	evaluationIds: string[],
	options: Record<string, unknown>,
	continueOnFail = false,
) {
	return await runChain({
		input: evaluationIds.map((evaluationId) => ({ json: { evaluationId } })),
		nodes: [
			{
				name: 'Socure',
				type: 'socureRiskOs',
				parameters: {
					evaluationId: '={{ $json.evaluationId }}',
					output: 'filesInOneItem',
					options,
				},
				continueOnFail,
			},
		],
		credentials: credentials(),
	});
}

async function getDocumentLiveness(
	id: string,
	options?: Record<string, unknown>,
	continueOnFail = false,
) {
	return await runChain({
		input: [{ json: {} }],
		nodes: [
			verifikGetNode({ documentLivenessId: id, ...(options && { options }) }, { continueOnFail }),
		],
		credentials: credentials(),
	});
}

/** Unit21 add media with one small JPEG item. */
async function uploadToUnit21(parameters: Record<string, unknown>) {
	return await runChain({
		input: [
			{
				json: {},
				binary: {
					data: {
						content: Buffer.from('image bytes'),
						fileName: 'front.jpg',
						mimeType: 'image/jpeg',
					},
				},
			},
		],
		nodes: [{ name: 'Unit21', type: 'unit21', parameters }],
		credentials: credentials(),
	});
}

const expectNoSecret = (result: WorkflowResult) =>
	expectNoSecretIn(result, [SECRETS.socure, SECRETS.verifik, SECRETS.unit21]);

describe('Socure RiskOS over a faulty connection', () => {
	test('a connection reset halfway through the ZIP is retried, and the retry delivers every file', async () => {
		const id = faultId('e0000002', 1);
		const result = await downloadDocuments([id], { maxRetries: 2 });
		expect(result.error).toBeUndefined();
		const [item] = result.output('Socure');
		expect((item.json.files as unknown[]).length).toBe(5);
		expect(sim.state.attempts[id]).toBe(2);
		expectNoSecret(result);
	});

	test('a connection reset every time stops after Max Retries and names the item, the host and the fix', async () => {
		const id = faultId('e0000001', 1);
		const result = await downloadDocuments([faultId('11111111', 1), id], {
			maxRetries: 2,
			concurrency: 1,
		});
		expect(result.error?.message).toMatch(
			/^Could not reach 127\.0\.0\.1:\d+: the connection was cut before the whole answer arrived \(item 1\)$/,
		);
		expect(result.error?.description).toMatch(
			/^Tried 3 times\. Check the credential's environment or Base URL/,
		);
		expect(sim.state.attempts[id]).toBe(3);
		expectNoSecret(result);
	});

	test('with continue on error, the reset item becomes an error item and the others still arrive', async () => {
		const id = faultId('e0000001', 2);
		const result = await downloadDocuments(
			[faultId('11111111', 2), id, faultId('11111111', 3)],
			{ maxRetries: 1 },
			true,
		);
		expect(result.error).toBeUndefined();
		const items = result.output('Socure');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.files).toHaveLength(5);
		expect(items[1].json.error).toMatch(/^Could not reach .+ \(item 1\)$/);
		expect(items[2].json.files).toHaveLength(5);
		expect(sim.state.attempts[id]).toBe(2);
		expectNoSecret(result);
	});

	/** Downloads from a server that goes silent (fault `code`): given up on after the 1 s Timeout, on each of 2 attempts. */
	async function downloadGivenUpOnAfterTimeout(code: string) {
		const id = faultId(code, 1);
		const result = await downloadDocuments([id], { maxRetries: 1, timeoutSeconds: 1 });
		expect(result.error?.message).toMatch(
			/^Could not reach 127\.0\.0\.1:\d+: nothing received for 1 s \(the Timeout option\) \(item 0\)$/,
		);
		expect(sim.state.attempts[id]).toBe(2);
		expectNoSecret(result);
		return result;
	}

	test('a server that never answers is given up on after the Timeout, once per attempt', async () => {
		const result = await downloadGivenUpOnAfterTimeout('e0000003');
		expect(result.error?.description).toMatch(/^Tried 2 times\. .*raise the Timeout option\.$/);
	});

	test('a server that stalls halfway through the body is given up on after the Timeout too', async () => {
		await downloadGivenUpOnAfterTimeout('e0000004');
	});

	test('a ZIP cut short (but with a matching length) is refused as truncated, not retried', async () => {
		const id = faultId('e0000005', 1);
		const result = await downloadDocuments([id], { maxRetries: 3 });
		expect(result.error?.message).toBe(
			`The documents of evaluation "${id}" could not be read: the ZIP archive is truncated (no end of central directory) (item 0)`,
		);
		expect(result.error?.description).toMatch(/run the node again/);
		expect(sim.state.attempts[id]).toBe(1);
	});

	test('a ZIP labelled text/plain is still read: the content decides, not the label', async () => {
		const result = await downloadDocuments([faultId('e0000006', 1)], {});
		expect(result.error).toBeUndefined();
		expect(result.output('Socure')[0].json.files).toHaveLength(5);
	});

	test('an HTML page with 200 is refused with advice about the Base URL', async () => {
		const id = faultId('e0000007', 1);
		const result = await downloadDocuments([id], {});
		expect(result.error?.message).toMatch(
			new RegExp(`^The documents of evaluation "${id}" could not be read: .+ \\(item 0\\)$`),
		);
		expect(result.error?.description).toMatch(/not with a ZIP.*Base URL/);
	});
});

describe('Verifik: the image host fails while the API answers', () => {
	const getWithImage = (id: string, options: Record<string, unknown>, continueOnFail = false) =>
		getDocumentLiveness(id, { downloadImage: true, ...options }, continueOnFail);

	test('an image host that never answers is given up on after the Timeout, per attempt', async () => {
		const result = await getWithImage('dl_cdn_stall', { maxRetries: 1, timeoutSeconds: 1 });
		expect(result.error?.message).toMatch(
			/^Could not download 127\.0\.0\.1:\d+\/verifik-cdn\/images\/dl_cdn_stall\.jpg: nothing received for 1 s \(the Timeout option\) \(item 0\)$/,
		);
		expect(sim.state.attempts['cdn:dl_cdn_stall']).toBe(2);
		expectNoSecret(result);
	});

	test('with continue on error, a reset image host leaves an error item, not a record without its image', async () => {
		const result = await getWithImage('dl_cdn_reset', { maxRetries: 2 }, true);
		const [item] = result.output('Verifik');
		expect(item.json.error).toMatch(
			/^Could not download .+: the connection was cut before the whole answer arrived \(item 0\)$/,
		);
		expect(item.binary).toBeUndefined();
		expect(sim.state.attempts['cdn:dl_cdn_reset']).toBe(3);
		expectNoSecret(result);
	});
});

describe('Verifik and Unit21 answering 200 with a web page', () => {
	test('Verifik: the item fails with advice, not with a crash or an empty record', async () => {
		const result = await getDocumentLiveness('html_200');
		expect(result.error?.message).toBe(
			'The service answered with a body that is not JSON (item 0)',
		);
		expect(result.error?.description).toMatch(/environment points at the API host/);
	});

	test('Unit21: a 200 sign-in page is not taken for a successful upload, nor for a failed one', async () => {
		const result = await uploadToUnit21({ entityId: 'html-200' });
		expect(result.error?.message).toBe(
			'The service answered with a body that is not JSON (item 0)',
		);
		expect(result.error?.description).toBe(
			'HTTP 200. The answer was a success, so the files may have been linked: check the media of Entity "html-200" in Unit21 before running the node again, or they may be linked twice. Check that the credential\'s environment points at the API host, not a web page.',
		);
	});

	test('Unit21: a connection reset after the upload was sent is not resent: the outcome is unknown', async () => {
		const result = await uploadToUnit21({ entityId: 'reset-always', options: { maxRetries: 2 } });
		expect(result.error?.message).toMatch(
			/^The outcome is unknown: the connection to 127\.0\.0\.1:\d+ failed after the request was sent \(.+\) \(item 0\)$/,
		);
		expect(sim.state.attempts['reset-always']).toBe(1);
		expectNoSecret(result);
	});
});
