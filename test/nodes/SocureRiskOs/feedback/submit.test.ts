/**
 * Socure RiskOS → Feedback → Submit: PUT /api/feedback with the customer-side request ID
 * as `id`, the fraud label and the optional fields as RiskOS names them; its answer as it is.
 */
import nock from 'nock';

import { SECRETS } from '../../../../sim/server';
import { captureRequests, type CapturedAnswer, runSendingNothing } from '../../../fixtures/capture';
import { FAKE_SOCURE_CREDENTIAL } from '../../../fixtures/credentials';
import {
	SOCURE_SANDBOX as SANDBOX,
	socureRunner,
	type SocureRunOptions,
} from '../../../fixtures/socure';
import { socureSimCredentials, useSimulator } from '../../../fixtures/simulator';
import { useOfflineHttp } from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';

const REQUEST_ID = 'APP-2026-000123';

function answerFor(body: Record<string, unknown>) {
	return {
		message: `feedback updated successfully for id ${String(body.id)} as ${String(body.fraud_label)}`,
	};
}

/** Intercepts feedback PUTs, recording each request, answering with the given answers in turn (RiskOS's words when an answer has no body). */
const captureFeedback = (answers: CapturedAnswer[] = [[200]]) =>
	captureRequests(SANDBOX, 'put', '/api/feedback', answers, { answerFor });

useOfflineHttp(nock);

const runSubmit = socureRunner('submit', {
	resource: 'feedback',
	requestId: REQUEST_ID,
	workflow: 'consumer_onboarding',
});

describe('submit fraud feedback', () => {
	test("PUTs every field under RiskOS's names with the key and version; outputs its answer unchanged", async () => {
		const { captured, scope } = captureFeedback();
		const result = await runSubmit({
			fraudLabel: 'fraud',
			options: {
				fraudType: ' identity_theft ',
				notes: 'Chargeback received.\nCard reported stolen.',
				recordedAt: '2026-11-22',
				recordedBy: 'analyst@example.com',
				tags: ' chargeback, ,account_takeover ,',
				apiVersion: '2025-01-01.orion',
			},
		});
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		const [request] = captured;
		expect(request.path).toBe('/api/feedback');
		expect(request.headers.authorization).toBe(`Bearer ${FAKE_SOCURE_CREDENTIAL}`);
		expect(request.headers['x-api-version']).toBe('2025-01-01.orion');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.body).toEqual({
			id: REQUEST_ID,
			workflow: 'consumer_onboarding',
			fraud_label: 'fraud',
			fraud_type: 'identity_theft',
			notes: 'Chargeback received.\nCard reported stolen.',
			recorded_at: '2026-11-22',
			recorded_by: 'analyst@example.com',
			tags: ['chargeback', 'account_takeover'],
		});
		const items = result.output('Socure');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			message: `feedback updated successfully for id ${REQUEST_ID} as fraud`,
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('only id, workflow and fraud_label by default; no version header', async () => {
		const { captured } = captureFeedback();
		const result = await runSubmit({
			fraudLabel: 'non-fraud',
			options: { fraudType: ' ', notes: '', tags: ' , ', recordedBy: '' },
		});
		expect(result.error).toBeUndefined();
		expect(captured[0].headers['x-api-version']).toBeUndefined();
		expect(captured[0].body).toEqual({
			id: REQUEST_ID,
			workflow: 'consumer_onboarding',
			fraud_label: 'non-fraud',
		});
	});

	test('Recorded At: a date-time (the date picker, $now) is sent as its date as written', async () => {
		const { captured } = captureFeedback([[200], [200]]);
		const result = await runSubmit(
			{ requestId: '={{ $json.id }}', options: { recordedAt: '={{ $json.at }}', concurrency: 1 } },
			{
				input: [
					{ json: { id: 'a', at: '2026-11-22T23:30:00-05:00' } },
					{ json: { id: 'b', at: '2026-02-28T00:00:00' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(captured.map((request) => [request.body.id, request.body.recorded_at]).sort()).toEqual([
			['a', '2026-11-22'],
			['b', '2026-02-28'],
		]);
	});

	test('tags from an expression that gives a list are sent as that list', async () => {
		const { captured } = captureFeedback();
		await runSubmit(
			{ options: { tags: '={{ $json.tags }}' } },
			{ input: [{ json: { tags: ['synthetic', ' mule '] } }] },
		);
		expect(captured[0].body.tags).toEqual(['synthetic', 'mule']);
	});
});

describe('refusals before any request', () => {
	test.each([
		['an empty request ID', { requestId: '={{ $json.none }}' }, 'Request ID is empty (item 0)'],
		['an empty workflow', { workflow: '={{ "  " }}' }, 'Workflow is empty (item 0)'],
		[
			'a fraud label RiskOS does not take',
			{ fraudLabel: '={{ "maybe" }}' },
			'Fraud Label "maybe" is not one RiskOS takes (item 0)',
		],
		[
			'a date that does not exist',
			{ options: { recordedAt: '2026-02-30' } },
			'Recorded At "2026-02-30" is not a date (item 0)',
		],
		[
			'a date in another format',
			{ options: { recordedAt: '22/11/2026' } },
			'Recorded At "22/11/2026" is not a date (item 0)',
		],
	])('%s', async (_label, parameters, message) => {
		const result = await runSendingNothing(SANDBOX, 'put', () => runSubmit(parameters));
		expect(result.error?.message).toBe(message);
	});

	test('the date refusal says which format to use', async () => {
		const result = await runSubmit({ options: { recordedAt: 'yesterday' } });
		expect(result.error?.description).toBe(
			'Enter a date as YYYY-MM-DD (e.g. 2026-11-22) or pick one; an ISO date-time such as {{ $now }} is sent as its date.',
		);
	});

	test('continue on error: one output per input item, paired, failures named', async () => {
		const sent: string[] = [];
		nock(SANDBOX)
			.put('/api/feedback')
			.times(2)
			.reply((_path, body) => {
				const { id } = body as { id: string };
				sent.push(id);
				return id === 'gone'
					? [404, { message: 'No evaluation found for id gone' }]
					: [200, answerFor(body as Record<string, unknown>)];
			});
		const result = await runSubmit(
			{ requestId: '={{ $json.id }}', options: { recordedAt: '={{ $json.at }}', concurrency: 1 } },
			{
				continueOnFail: true,
				input: [
					{ json: { id: 'ok', at: '2026-11-22' } },
					{ json: { id: 'bad-date', at: 'soon' } },
					{ json: { id: 'gone', at: '' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(sent.sort()).toEqual(['gone', 'ok']);
		expect(result.outcomes('Socure', 'message')).toEqual([
			['feedback updated successfully for id ok as fraud', { item: 0 }],
			['Recorded At "soon" is not a date (item 1)', { item: 1 }],
			[
				'No evaluation with request ID "gone" was found in the "sandbox" environment (HTTP 404) (item 2)',
				{ item: 2 },
			],
		]);
	});
});

describe("RiskOS's refusals", () => {
	test.each([
		[
			400,
			{ message: 'Invalid fraud_type' },
			`Socure RiskOS refused the feedback for request ID "${REQUEST_ID}" (HTTP 400) (item 0)`,
			/Socure said: "Invalid fraud_type"\.$/,
		],
		[
			401,
			{ message: `bad key ${FAKE_SOCURE_CREDENTIAL}` },
			'Socure RiskOS rejected the API key (HTTP 401) (item 0)',
			/"sandbox" environment/,
		],
		[
			404,
			{ message: 'Not found' },
			`No evaluation with request ID "${REQUEST_ID}" was found in the "sandbox" environment (HTTP 404) (item 0)`,
			/not the eval_id/,
		],
	])(
		'HTTP %i is not retried and says what to do, without the key',
		async (status, body, message, description) => {
			const { captured } = captureFeedback([[status, body], [200]]);
			const result = await runSubmit({});
			expect(captured).toHaveLength(1);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(description);
			expectNoSecretIn(result, [FAKE_SOCURE_CREDENTIAL]);
		},
	);

	test('a 500 is not resent', async () => {
		const { captured } = captureFeedback([[500, { message: 'Internal Server Error' }], [200]]);
		const result = await runSubmit({ options: { maxRetries: 2 } });
		expect(captured).toHaveLength(1);
		expect(result.error?.message).toBe(
			`Socure RiskOS had an internal error (HTTP 500) while saving feedback for request ID "${REQUEST_ID}" (item 0)`,
		);
		expect(result.error?.description).toMatch(
			/it was not sent again\. Check the fraud feedback of request ID/,
		);
	});
});

describe('as an AI Agent tool (the derived socureRiskOsTool type)', () => {
	test("RiskOS's message as JSON", async () => {
		captureFeedback();
		const result = await runSubmit(
			{ fraudLabel: 'non-fraud' },
			{ nodeType: 'socureRiskOsTool', input: [{ json: { toolCallId: 'call_1' } }] },
		);
		expect(result.error).toBeUndefined();
		const items = result.output('Socure');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			message: `feedback updated successfully for id ${REQUEST_ID} as non-fraud`,
		});
		expect(items[0].binary).toBeUndefined();
	});
});

describe('against the simulator (real sockets)', () => {
	const sim = useSimulator();

	const simOptions = (extra: SocureRunOptions = {}): SocureRunOptions => ({
		credentials: socureSimCredentials(sim()),
		...extra,
	});

	test('RiskOS records the feedback and answers its message; an unknown ID is a 404', async () => {
		const ok = await runSubmit(
			{ options: { recordedAt: '2026-11-22', tags: 'chargeback' } },
			simOptions(),
		);
		expect(ok.error).toBeUndefined();
		expect(ok.output('Socure')[0].json).toEqual({
			message: `feedback updated successfully for id ${REQUEST_ID} as fraud`,
		});
		expect(sim().state.riskos.feedback).toEqual([
			{
				id: REQUEST_ID,
				workflow: 'consumer_onboarding',
				fraud_label: 'fraud',
				recorded_at: '2026-11-22',
				tags: ['chargeback'],
			},
		]);
		const unknown = await runSubmit({ requestId: 'unknown-42' }, simOptions());
		expect(unknown.error?.message).toMatch(/^No evaluation with request ID "unknown-42"/);
		expect(unknown.error?.description).toMatch(
			/Socure said: "No evaluation found for id unknown-42"\.$/,
		);
	});

	test('a connection dropped after RiskOS read the PUT is not resent', async () => {
		const result = await runSubmit(
			{ requestId: 'reset-1', options: { maxRetries: 3 } },
			simOptions(),
		);
		expect(sim().state.attempts['feedback:reset-1']).toBe(1);
		expect(result.error?.message).toMatch(
			/^The outcome is unknown: the connection to 127\.0\.0\.1:\d+ failed/,
		);
		expect(result.error?.description).toMatch(
			/Check the fraud feedback of request ID "reset-1" in RiskOS/,
		);
		expectNoSecretIn(result, [SECRETS.socure]);
	});
});
