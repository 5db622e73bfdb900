/**
 * Socure RiskOS → Evaluation → Update State: PUT /api/evaluation/{eval_id}/state with the
 * decision, status, notes and input binaries as base64 attachments; RiskOS's answer as it
 * is; refusals before any request; never resent when RiskOS may have processed it.
 */
import nock from 'nock';

import { SECRETS } from '../../../../sim/server';
import { captureRequests, type CapturedAnswer, runSendingNothing } from '../../../fixtures/capture';
import { FAKE_SOCURE_CREDENTIAL } from '../../../fixtures/credentials';
import {
	evaluationSummary,
	socureNode,
	SOCURE_SANDBOX as SANDBOX,
	socureRunner,
} from '../../../fixtures/socure';
import { socureSimCredentials, useSimulator } from '../../../fixtures/simulator';
import { fakeJpeg, fakePdf, fakePng } from '../../../fixtures/zip';
import { runChain, useOfflineHttp, type InputItem } from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';

const EVAL = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';
const STATE_PATH = `/api/evaluation/${EVAL}/state`;
const MB = 1024 * 1024;

/** RiskOS's documented answer: the evaluation's summary. */
function summary(overrides: Record<string, unknown> = {}) {
	return evaluationSummary(EVAL, { status: 'CLOSED', sub_status: 'Fraud Confirmed', ...overrides });
}

/** Intercepts state PUTs, recording each request, answering with the given answers in turn. */
const captureStates = (answers: CapturedAnswer[] = [[200, summary()]]) =>
	captureRequests(SANDBOX, 'put', /\/state$/, answers);

useOfflineHttp(nock);

const REQUIRED = { evaluationId: EVAL, workflow: 'consumer_onboarding', decision: 'REJECT' };

const runUpdate = socureRunner('updateState', REQUIRED);

const front = fakeJpeg('front');
const selfie = fakePng('selfie');
const report = fakePdf('report');

/** An item as Socure's "all files in one item" gives it, plus one file with a deceptive name. */
function filesItem(json: Record<string, unknown> = {}): InputItem {
	return {
		json,
		binary: {
			documentFront: {
				content: front,
				fileName: 'documentfrontDoc_Front_1_blob.jpg',
				mimeType: 'image/jpeg',
			},
			selfie: { content: selfie, mimeType: 'image/png' },
			report: {
				content: report,
				fileName: '../../case/re\u202Eport<1>?.pdf',
				mimeType: 'application/pdf',
			},
		},
	};
}

describe('update an evaluation state', () => {
	test('PUTs the documented body with the key and version; outputs RiskOS answer unchanged, paired', async () => {
		const answer = summary();
		const { captured, scope } = captureStates([[200, answer]]);
		const result = await runUpdate(
			{
				status: 'CLOSED',
				options: {
					subStatus: ' Fraud Confirmed ',
					notes: 'Printed copy of the licence.\nSee attached report.',
					attachments: 'documentFront, report ,selfie',
					apiVersion: '2025-01-01.orion',
				},
			},
			{ input: [filesItem()] },
		);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(captured).toHaveLength(1);
		const [request] = captured;
		expect(request.path).toBe(STATE_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${FAKE_SOCURE_CREDENTIAL}`);
		expect(request.headers['x-api-version']).toBe('2025-01-01.orion');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.body).toEqual({
			workflow: 'consumer_onboarding',
			decision: 'REJECT',
			status: 'CLOSED',
			sub_status: 'Fraud Confirmed',
			notes: 'Printed copy of the licence.\nSee attached report.',
			attachments: [
				{ file_name: 'documentfrontDoc_Front_1_blob.jpg', file_data: front.toString('base64') },
				{ file_name: 'report_1__.pdf', file_data: report.toString('base64') },
				{ file_name: 'selfie.png', file_data: selfie.toString('base64') },
			],
		});
		// The bytes RiskOS gets are the input's, exactly.
		const attachments = request.body.attachments as Array<{ file_data: string }>;
		expect(Buffer.from(attachments[0].file_data, 'base64').equals(front)).toBe(true);
		const items = result.output('Socure');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(answer);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].binary).toBeUndefined();
	});

	test('only the required fields by default: no version header, no attachments, no empty options', async () => {
		const { captured } = captureStates();
		const result = await runUpdate(
			{ options: { subStatus: '  ', notes: ' ', attachments: ' ' } },
			{ input: [filesItem()] },
		);
		expect(result.error).toBeUndefined();
		expect(captured[0].headers['x-api-version']).toBeUndefined();
		expect(captured[0].body).toEqual({
			workflow: 'consumer_onboarding',
			decision: 'REJECT',
			status: 'OPEN',
		});
	});

	test('* attaches every binary property in the item order; on an item without binaries, none', async () => {
		const { captured } = captureStates([
			[200, summary()],
			[200, summary()],
		]);
		const result = await runUpdate(
			{ options: { attachments: '*' } },
			{ input: [filesItem(), { json: {} }] },
		);
		expect(result.error).toBeUndefined();
		// Items may be sent in either order; each carries its own attachments.
		const withFiles = captured.filter((request) => 'attachments' in request.body);
		expect(captured).toHaveLength(2);
		expect(withFiles).toHaveLength(1);
		expect(
			(withFiles[0].body.attachments as Array<{ file_name: string }>).map((file) => file.file_name),
		).toEqual(['documentfrontDoc_Front_1_blob.jpg', 'selfie.png', 'report_1__.pdf']);
		expect(result.output('Socure').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	test('a decision the workflow defines (an expression) goes as typed; on_hold is sent as "ON HOLD"', async () => {
		const { captured } = captureStates();
		const result = await runUpdate(
			{ decision: '={{ $json.decision }}', status: '={{ $json.status }}' },
			{ input: [{ json: { decision: 'APPROVE_LOW_RISK', status: 'on_hold' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(captured[0].body).toMatchObject({ decision: 'APPROVE_LOW_RISK', status: 'ON HOLD' });
	});
});

describe('refusals before any request', () => {
	test.each([
		[
			'an Evaluation ID that is not a UUID',
			{ evaluationId: 'abc' },
			'Evaluation ID "abc" is not a UUID (item 0)',
		],
		['an empty workflow', { workflow: ' ' }, 'Workflow is empty (item 0)'],
		['an empty decision', { decision: '={{ $json.none }}' }, 'Decision is empty (item 0)'],
		[
			'a status RiskOS does not take',
			{ status: 'PENDING' },
			'Status "PENDING" is not one RiskOS takes (item 0)',
		],
		[
			'an attachment property the item lacks',
			{ options: { attachments: 'documentFront, documentBack' } },
			'Input item 0 has no binary property "documentBack" (item 0)',
		],
	])('%s', async (_label, parameters, message) => {
		const result = await runSendingNothing(SANDBOX, 'put', () =>
			runUpdate(parameters, { input: [filesItem()] }),
		);
		expect(result.error?.message).toBe(message);
	});

	test('attachments over the total limit: refused naming item, properties, sizes and the option; nothing sent', async () => {
		const big = Buffer.alloc(Math.round(0.6 * MB), 1);
		const scope = nock(SANDBOX).put(/.*/).reply(200, summary());
		const result = await runUpdate(
			{ options: { attachments: '*', maxAttachmentsSizeMb: 1 } },
			{
				input: [
					{
						json: {},
						binary: {
							documentFront: { content: big, fileName: 'front.jpg', mimeType: 'image/jpeg' },
							documentBack: { content: big, fileName: 'back.jpg', mimeType: 'image/jpeg' },
						},
					},
				],
			},
		);
		expect(scope.isDone()).toBe(false);
		expect(result.error?.message).toBe(
			'The attachments of item 0 add up to 1.2 MB, over the 1 MB limit (item 0)',
		);
		expect(result.error?.description).toBe(
			'Binary properties: "documentFront" (front.jpg) 614.4 KB, "documentBack" (back.jpg) 614.4 KB. Nothing was sent to RiskOS. Raise "Max Attachments Size (MB)" in the options if RiskOS should take files this large, or list fewer binary properties in Attachments.',
		);
	});

	test('the default limit is 10 MB: 11 MB of files are refused', async () => {
		const scope = nock(SANDBOX).put(/.*/).reply(200, summary());
		const result = await runUpdate(
			{ options: { attachments: 'data' } },
			{
				input: [
					{
						json: {},
						binary: {
							data: {
								content: Buffer.alloc(11 * MB),
								fileName: 'scan.pdf',
								mimeType: 'application/pdf',
							},
						},
					},
				],
			},
		);
		expect(scope.isDone()).toBe(false);
		expect(result.error?.message).toMatch(/add up to 11 MB, over the 10 MB limit/);
	});

	test('continue on error: one output per input item, paired; the refused item sends nothing', async () => {
		const { captured } = captureStates([
			[200, summary({ eval_id: 'first' })],
			[200, summary({ eval_id: 'third' })],
		]);
		const result = await runUpdate(
			{ options: { attachments: 'data', maxAttachmentsSizeMb: 1, concurrency: 1 } },
			{
				continueOnFail: true,
				input: [
					{
						json: {},
						binary: { data: { content: front, fileName: 'a.jpg', mimeType: 'image/jpeg' } },
					},
					{
						json: {},
						binary: {
							data: { content: Buffer.alloc(2 * MB), fileName: 'b.jpg', mimeType: 'image/jpeg' },
						},
					},
					{
						json: {},
						binary: { data: { content: selfie, fileName: 'c.png', mimeType: 'image/png' } },
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
		expect(result.outcomes('Socure', 'eval_id')).toEqual([
			['first', { item: 0 }],
			['The attachments of item 1 add up to 2 MB, over the 1 MB limit (item 1)', { item: 1 }],
			['third', { item: 2 }],
		]);
	});
});

describe("RiskOS's refusals", () => {
	test.each([
		[
			400,
			{ message: 'Invalid decision for workflow' },
			`Socure RiskOS refused the state update for evaluation "${EVAL}" (HTTP 400) (item 0)`,
			/Check Workflow .* Socure said: "Invalid decision for workflow"\.$/,
		],
		[
			401,
			{ message: `Invalid API key ${FAKE_SOCURE_CREDENTIAL}` },
			'Socure RiskOS rejected the API key (HTTP 401) (item 0)',
			/"sandbox" environment/,
		],
		[
			403,
			{ message: 'Forbidden' },
			`The API key may not update evaluation "${EVAL}" (HTTP 403) (item 0)`,
			/access to update evaluations/,
		],
		[
			404,
			{ message: 'Evaluation not found' },
			`Evaluation "${EVAL}" was not found in the "sandbox" environment (HTTP 404) (item 0)`,
			/environment the evaluation was created in/,
		],
	])(
		'HTTP %i is not retried and says what to do, without the key',
		async (status, body, message, description) => {
			const { captured } = captureStates([
				[status, body],
				[200, summary()],
			]);
			const result = await runUpdate({});
			expect(captured).toHaveLength(1);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(description);
			expect(result.error?.httpCode).toBe(String(status));
			expectNoSecretIn(result, [FAKE_SOCURE_CREDENTIAL]);
		},
	);

	test('a 500 is not resent: RiskOS may have applied the state', async () => {
		const { captured } = captureStates([
			[500, { message: 'Internal Server Error' }],
			[200, summary()],
		]);
		const result = await runUpdate({ options: { maxRetries: 3 } });
		expect(captured).toHaveLength(1);
		expect(result.error?.message).toBe(
			`Socure RiskOS had an internal error (HTTP 500) while updating evaluation "${EVAL}" (item 0)`,
		);
		expect(result.error?.description).toMatch(
			/^Socure RiskOS failed after receiving the request, so it may have processed it; it was not sent again\. Check the decision, status and attachments of evaluation/,
		);
	});

	test('a 429 is resent (RiskOS did not process it), with the same body', async () => {
		const { captured } = captureStates([
			[429, { message: 'Too Many Requests' }],
			[200, summary()],
		]);
		const result = await runUpdate(
			{ options: { attachments: 'documentFront' } },
			{ input: [filesItem()] },
		);
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
		expect(captured[1].body).toEqual(captured[0].body);
	});

	test('a 200 that is not JSON is an error, not an empty success', async () => {
		nock(SANDBOX)
			.put(STATE_PATH)
			.reply(200, '<html>Sign in</html>', { 'Content-Type': 'text/html' });
		const result = await runUpdate({});
		expect(result.error?.message).toBe(
			'The service answered with a body that is not JSON (item 0)',
		);
		expect(result.error?.description).toMatch(/The state update probably did not reach RiskOS/);
	});
});

describe('as an AI Agent tool (the derived socureRiskOsTool type)', () => {
	test("RiskOS's answer as JSON, nothing else", async () => {
		const answer = summary({ decision: 'REVIEW', status: 'OPEN' });
		const { captured } = captureStates([[200, answer]]);
		const result = await runUpdate(
			{ decision: 'REVIEW', status: 'OPEN', options: { notes: 'Asked for a new selfie' } },
			{ nodeType: 'socureRiskOsTool', input: [{ json: { toolCallId: 'call_1' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(captured[0].body).toEqual({
			workflow: 'consumer_onboarding',
			decision: 'REVIEW',
			status: 'OPEN',
			notes: 'Asked for a new selfie',
		});
		const items = result.output('Socure');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(answer);
		expect(items[0].binary).toBeUndefined();
		expect(JSON.parse(JSON.stringify(items[0].json))).toEqual(answer);
	});
});

describe('against the simulator (real sockets)', () => {
	const sim = useSimulator();
	const updateNode = (parameters: Record<string, unknown>) =>
		socureNode('Update', 'updateState', parameters);

	test('the state is applied, the attachments arrive byte for byte, and Get Evaluation shows it', async () => {
		const id = '9a0e5b7c-1d2f-4a3b-8c4d-5e6f7a8b9c0d';
		const result = await runChain({
			input: [filesItem({ id })],
			nodes: [
				updateNode({
					evaluationId: '={{ $json.id }}',
					workflow: 'consumer_onboarding',
					decision: 'REVIEW',
					status: 'ON HOLD',
					options: {
						subStatus: 'Pending Docs',
						notes: 'Verifik flagged a printed copy',
						attachments: '*',
					},
				}),
				socureNode('Get', 'get', { evaluationId: '={{ $json.eval_id }}' }),
			],
			credentials: socureSimCredentials(sim()),
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Update')[0].json).toEqual({
			id: expect.any(String),
			eval_id: id,
			workflow: 'consumer_onboarding',
			decision: 'REVIEW',
			status: 'ON HOLD',
			sub_status: 'Pending Docs',
			eval_status: 'evaluation_completed',
		});
		expect(result.output('Get')[0].json).toMatchObject({
			decision: 'REVIEW',
			status: 'ON HOLD',
			notes: 'Verifik flagged a printed copy',
		});
		const [update] = sim().state.riskos.stateUpdates;
		expect(update.attachments.map((file) => file.fileName)).toEqual([
			'documentfrontDoc_Front_1_blob.jpg',
			'selfie.png',
			'report_1__.pdf',
		]);
		expect(update.attachments.map((file) => Buffer.from(file.base64, 'base64'))).toEqual([
			front,
			selfie,
			report,
		]);
	});

	test("a workflow that is not the evaluation's: RiskOS's 400 in its own words", async () => {
		const result = await runChain({
			input: [{ json: {} }],
			nodes: [
				updateNode({
					evaluationId: '11111111-1111-4111-8111-111111111111',
					workflow: 'other_workflow',
					decision: 'ACCEPT',
					status: 'CLOSED',
				}),
			],
			credentials: socureSimCredentials(sim()),
		});
		expect(result.error?.message).toMatch(/refused the state update .* \(HTTP 400\)/);
		expect(result.error?.description).toMatch(
			/Socure said: "Workflow "other_workflow" does not match the evaluation's workflow"\.$/,
		);
	});

	test('a connection dropped after RiskOS read the PUT is not resent: the outcome is unknown', async () => {
		const id = 'e0000008-0000-4000-8000-000000000001';
		const run = (options: Record<string, unknown>) =>
			runChain({
				input: [filesItem()],
				nodes: [
					updateNode({
						evaluationId: id,
						workflow: 'consumer_onboarding',
						decision: 'REJECT',
						status: 'CLOSED',
						options: { attachments: 'documentFront', ...options },
					}),
				],
				credentials: socureSimCredentials(sim()),
			});
		const result = await run({ maxRetries: 3 });
		expect(sim().state.attempts[`state:${id}`]).toBe(1);
		expect(result.error?.message).toMatch(
			/^The outcome is unknown: the connection to 127\.0\.0\.1:\d+ failed after the request was sent \(.+\) \(item 0\)$/,
		);
		expect(result.error?.description).toMatch(
			new RegExp(
				`^Socure RiskOS may have processed it, so it was not sent again\\. Check the decision, status and attachments of evaluation "${id}" in RiskOS .*turn on "Resend When Outcome Unknown"\\.$`,
			),
		);
		expectNoSecretIn(result, [SECRETS.socure]);
		// The user's choice: resent up to Max Retries.
		await run({ maxRetries: 2, resendWhenUnsure: true });
		expect(sim().state.attempts[`state:${id}`]).toBe(1 + 3);
	});
});
