/**
 * Socure RiskOS → Feedback → Import CSV: POST /api/feedback/import with the CSV as the
 * multipart part `file`, after checking its header row names every documented column.
 */
import nock from 'nock';

import { captureRequests, type CapturedAnswer, runSendingNothing } from '../../../fixtures/capture';
import { FAKE_SOCURE_CREDENTIAL } from '../../../fixtures/credentials';
import { parseMultipart } from '../../../fixtures/multipart';
import {
	SOCURE_SANDBOX as SANDBOX,
	socureRunner,
	type SocureRunOptions,
} from '../../../fixtures/socure';
import { socureSimCredentials, useSimulator } from '../../../fixtures/simulator';
import { useOfflineHttp, type InputItem } from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';

const HEADER = 'id,workflow,fraud_label,fraud_type,notes,recorded_at,recorded_by,tags';
const CSV = Buffer.from(
	`${HEADER}\r\nAPP-1,consumer_onboarding,fraud,identity_theft,"Card stolen, chargeback",2026-11-22,analyst@example.com,"chargeback,ato"\r\nAPP-2,consumer_onboarding,non-fraud,,,2026-11-22,,\r\n`,
);

useOfflineHttp(nock);

function csvItem(
	content: Buffer = CSV,
	fileName: string | undefined = 'feedback.csv',
	property = 'data',
): InputItem {
	return { json: {}, binary: { [property]: { content, fileName, mimeType: 'text/csv' } } };
}

const runImport = socureRunner('importCsv', { resource: 'feedback' });

/** Intercepts CSV imports, recording each request's body as bytes, answering with the given answers in turn. */
const captureImports = (
	answers: CapturedAnswer[] = [[200, { message: 'feedback imported successfully: 2 records' }]],
) =>
	captureRequests(SANDBOX, 'post', '/api/feedback/import', answers, {
		readBody: (body) => Buffer.from(String(body), 'utf8'),
	});

describe('import feedback from a CSV', () => {
	test('POSTs the CSV as the multipart part "file", bytes unchanged; outputs the answer unchanged', async () => {
		const { captured, scope } = captureImports();
		const result = await runImport(
			{ options: { apiVersion: '2025-01-01.orion' } },
			{ input: [csvItem()] },
		);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		const [request] = captured;
		expect(request.headers.authorization).toBe(`Bearer ${FAKE_SOCURE_CREDENTIAL}`);
		expect(request.headers['x-api-version']).toBe('2025-01-01.orion');
		const parts = parseMultipart(request.body, String(request.headers['content-type']));
		expect(parts.map((part) => [part.name, part.fileName, part.contentType])).toEqual([
			['file', 'feedback.csv', 'text/csv'],
		]);
		expect(parts[0].content.equals(CSV)).toBe(true);
		const items = result.output('Socure');
		expect(items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ message: 'feedback imported successfully: 2 records' }, { item: 0 }],
		]);
	});

	test('a header with a BOM, quotes, spaces and the columns in another order is accepted; the file name is cleaned', async () => {
		const csv = Buffer.from(
			`\uFEFF"tags", id ,workflow,"fraud_label",fraud_type,notes,recorded_at,recorded_by\nx,APP-1,w,fraud,,,,\n`,
		);
		const { captured } = captureImports();
		const result = await runImport(
			{ binaryPropertyName: 'upload' },
			{ input: [csvItem(csv, '../exports/feed<back>.csv', 'upload')] },
		);
		expect(result.error).toBeUndefined();
		const [part] = parseMultipart(captured[0].body, String(captured[0].headers['content-type']));
		expect(part.fileName).toBe('feed_back_.csv');
		expect(part.content.equals(csv)).toBe(true);
	});
});

describe('refusals before any request', () => {
	test.each([
		[
			'missing columns',
			csvItem(Buffer.from('id,workflow,fraud_label,notes\nAPP-1,w,fraud,\n')),
			'The CSV "feedback.csv" (binary property "data" of item 0) lacks the columns fraud_type, recorded_at, recorded_by, tags (item 0)',
			'RiskOS imports feedback only from a CSV whose header row names every column: id, workflow, fraud_label, fraud_type, notes, recorded_at, recorded_by, tags (values may be empty). This header row has: id, workflow, fraud_label, notes. Nothing was sent.',
		],
		[
			'a column differently named',
			csvItem(
				Buffer.from('id,workflow,fraudLabel,fraud_type,notes,recorded_at,recorded_by,tags\n'),
			),
			'The CSV "feedback.csv" (binary property "data" of item 0) lacks the column fraud_label (item 0)',
			expect.stringContaining('This header row has: id, workflow, fraudLabel,'),
		],
		[
			'an empty file',
			csvItem(Buffer.alloc(0), undefined),
			'The CSV "feedback.csv" (binary property "data" of item 0) is empty (item 0)',
			expect.stringMatching(/^RiskOS imports feedback only .* Nothing was sent\.$/),
		],
	])('%s', async (_label, input, message, description) => {
		const result = await runSendingNothing(SANDBOX, 'post', () =>
			runImport({}, { input: [input] }),
		);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toEqual(description);
	});

	test('an item without the binary property', async () => {
		const result = await runSendingNothing(SANDBOX, 'post', () =>
			runImport({ binaryPropertyName: 'csv' }, { input: [csvItem()] }),
		);
		expect(result.error?.message).toBe('Input item 0 has no binary property "csv" (item 0)');
	});
});

describe("RiskOS's answers", () => {
	test('a 400 in its own words; a 500 is not resent; the key never shows', async () => {
		const { captured } = captureImports([
			[400, { message: `Row 2: invalid fraud_label (${FAKE_SOCURE_CREDENTIAL})` }],
		]);
		const refused = await runImport({}, { input: [csvItem()] });
		expect(captured).toHaveLength(1);
		expect(refused.error?.message).toBe(
			'Socure RiskOS refused the feedback CSV "feedback.csv" (HTTP 400) (item 0)',
		);
		expect(refused.error?.description).toMatch(
			/Socure said: "Row 2: invalid fraud_label \(\[redacted\]\)"\.$/,
		);
		expectNoSecretIn(refused, [FAKE_SOCURE_CREDENTIAL]);

		const failing = captureImports([
			[500, { message: 'Internal Server Error' }],
			[200, {}],
		]);
		const failed = await runImport({ options: { maxRetries: 3 } }, { input: [csvItem()] });
		expect(failing.captured).toHaveLength(1);
		expect(failed.error?.description).toMatch(
			/it was not sent again\. Check in RiskOS whether the feedback in "feedback\.csv" was imported/,
		);
	});

	test('as an AI Agent tool: the answer as JSON', async () => {
		captureImports();
		const result = await runImport({}, { nodeType: 'socureRiskOsTool', input: [csvItem()] });
		expect(result.error).toBeUndefined();
		const items = result.output('Socure');
		expect(items.map((item) => item.json)).toEqual([
			{ message: 'feedback imported successfully: 2 records' },
		]);
		expect(items[0].binary).toBeUndefined();
	});
});

describe('against the simulator (real sockets)', () => {
	const sim = useSimulator();

	const simOptions = (input: InputItem[]): SocureRunOptions => ({
		input,
		credentials: socureSimCredentials(sim()),
	});

	test('RiskOS receives the CSV byte for byte', async () => {
		const result = await runImport({}, simOptions([csvItem()]));
		expect(result.error).toBeUndefined();
		expect(result.output('Socure')[0].json).toEqual({
			message: 'feedback imported successfully: 2 records',
		});
		expect(sim().state.riskos.imports).toHaveLength(1);
		expect(sim().state.riskos.imports[0]).toMatchObject({
			fileName: 'feedback.csv',
			contentType: 'text/csv',
			rows: 2,
		});
		expect(Buffer.from(sim().state.riskos.imports[0].base64, 'base64').equals(CSV)).toBe(true);
	});

	test('a connection dropped after RiskOS read the upload is not resent', async () => {
		const result = await runImport(
			{ options: { maxRetries: 3 } },
			simOptions([csvItem(CSV, 'reset-feedback.csv')]),
		);
		expect(sim().state.attempts['import:reset-feedback.csv']).toBe(1);
		expect(result.error?.message).toMatch(/^The outcome is unknown: /);
	});
});
