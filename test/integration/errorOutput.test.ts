/**
 * On Error "Continue (using error output)": each node's failed items leave on its error
 * output (output 1), paired with their input items, and the others on output 0. With
 * "Continue (using regular output)" every item stays on output 0, as it always did.
 * Neither shows the credential, even when the service echoes it.
 */
import nock from 'nock';
import type { OnError } from 'n8n-workflow';

import {
	FAKE_RISKOS_BEARER_CREDENTIAL,
	FAKE_SOCURE_CREDENTIAL,
	FAKE_UNIT21_CREDENTIAL,
	FAKE_VERIFIK_CREDENTIAL,
	TEST_CREDENTIALS,
} from '../fixtures/credentials';
import { nestedRecord, VERIFIK_API } from '../fixtures/verifik';
import {
	runChain,
	useOfflineHttp,
	webhookWorkflow,
	type InputItem,
	type NodeUnderTest,
} from '../harness/engine';
import { expectNoSecretIn } from '../harness/secrets';

const SOCURE = 'https://riskos.sandbox.socure.com';
const UNIT21 = 'https://sandbox1-api.unit21.com';
const EVAL_MISSING = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';
const EVAL_FOUND = '0c7d5a4e-1111-4222-8333-444455556666';
const json = { 'Content-Type': 'application/json' };

useOfflineHttp(nock);

interface NodeCase {
	label: string;
	node: Omit<NodeUnderTest, 'name'>;
	/** Item 0 the service refuses (echoing the secret), item 1 it takes, item 2 refused before sending. */
	input: InputItem[];
	serve: () => nock.Scope;
	secret: string;
	/** The error messages of items 0 and 2. */
	failures: [RegExp, RegExp];
	/** Item 0's HTTP status. */
	httpCode: string;
	/** A field of item 1's output that shows it is the service's answer. */
	good: Record<string, unknown>;
}

const CASES: NodeCase[] = [
	{
		label: 'Socure RiskOS (Get Evaluation)',
		node: {
			type: 'socureRiskOs',
			parameters: { resource: 'evaluation', operation: 'get', evaluationId: '={{ $json.id }}' },
		},
		input: [
			{ json: { id: EVAL_MISSING } },
			{ json: { id: EVAL_FOUND } },
			{ json: { id: 'a/../b' } },
		],
		serve: () =>
			nock(SOCURE)
				.get(`/api/evaluation/${EVAL_MISSING}`)
				.reply(404, { message: `no evaluation for key ${FAKE_SOCURE_CREDENTIAL}` }, json)
				.get(`/api/evaluation/${EVAL_FOUND}`)
				.reply(200, { id: 'request-1', eval_id: EVAL_FOUND, decision: 'ACCEPT' }, json),
		secret: FAKE_SOCURE_CREDENTIAL,
		failures: [
			new RegExp(`^Evaluation "${EVAL_MISSING}" was not found .*\\(HTTP 404\\) \\(item 0\\)$`),
			/^Evaluation ID "a\/\.\.\/b" .*\(item 2\)$/,
		],
		httpCode: '404',
		good: { eval_id: EVAL_FOUND, decision: 'ACCEPT' },
	},
	{
		label: 'Verifik (Get Document Liveness)',
		node: {
			type: 'verifik',
			parameters: {
				resource: 'documentLiveness',
				operation: 'get',
				documentLivenessId: '={{ $json.id }}',
			},
		},
		input: [{ json: { id: 'missing_1' } }, { json: { id: 'dl_3' } }, { json: { id: 'abc/../x' } }],
		serve: () =>
			nock(VERIFIK_API)
				.get('/v2/document-liveness/missing_1')
				.reply(
					404,
					{
						error: `not found for ${FAKE_VERIFIK_CREDENTIAL}`,
						message: 'DOCUMENT_LIVENESS_NOT_FOUND',
					},
					json,
				)
				.get('/v2/document-liveness/dl_3')
				.reply(200, { success: true, data: nestedRecord('dl_3') }, json),
		secret: FAKE_VERIFIK_CREDENTIAL,
		failures: [
			/^Document liveness "missing_1" was not found .*\(HTTP 404\) \(item 0\)$/,
			/^Document liveness ID "abc\/\.\.\/x" is not a valid ID \(item 2\)$/,
		],
		httpCode: '404',
		good: { _id: 'dl_3' },
	},
	{
		label: 'Unit21 (Create or Update Entity)',
		node: {
			type: 'unit21',
			parameters: {
				resource: 'entity',
				operation: 'createOrUpdate',
				entityId: '={{ $json.id }}',
			},
		},
		input: [{ json: { id: 'e-0' } }, { json: { id: 'e-1' } }, { json: { id: '..' } }],
		serve: () =>
			nock(UNIT21)
				.post('/v1/entities/create')
				.times(2)
				.reply((_path, body) => {
					const entityId = (body as { general_data: { entity_id: string } }).general_data.entity_id;
					return entityId === 'e-0'
						? [400, { error_code: 'invalid_request', message: `bad key ${FAKE_UNIT21_CREDENTIAL}` }]
						: [200, { entity_id: entityId, previously_existed: false }];
				}),
		secret: FAKE_UNIT21_CREDENTIAL,
		failures: [/\(item 0\)$/, /^Entity ID "\.\." is not a valid Unit21 entity ID \(item 2\)$/],
		httpCode: '400',
		good: { entity_id: 'e-1' },
	},
];

async function runCase(nodeCase: NodeCase, onError: OnError) {
	const scope = nodeCase.serve();
	const result = await runChain({
		input: nodeCase.input,
		nodes: [{ name: 'Node', ...nodeCase.node, onError }],
		credentials: TEST_CREDENTIALS,
	});
	expect(result.error).toBeUndefined();
	expect(scope.isDone()).toBe(true);
	return result;
}

describe.each(CASES)('$label', (nodeCase) => {
	test('error output: failed items on output 1 as their input plus error and message, paired; the good one on output 0', async () => {
		const result = await runCase(nodeCase, 'continueErrorOutput');
		const [good, ...moreGood] = result.output('Node', 0);
		expect(moreGood).toEqual([]);
		expect(good.pairedItem).toEqual({ item: 1 });
		expect(good.json).toMatchObject(nodeCase.good);

		const failed = result.output('Node', 1);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		for (const [position, item] of failed.entries()) {
			const inputIndex = position === 0 ? 0 : 2;
			// n8n adds the input item's fields: the error output says which item it was.
			expect(item.json).toEqual({
				...nodeCase.input[inputIndex].json,
				error: expect.stringMatching(nodeCase.failures[position]),
				message: expect.any(String),
			});
			// No error object of the item's own: n8n would replace the JSON with its message.
			expect(item.error).toBeUndefined();
		}
		// The same words as with the regular output, the description under `message`.
		const regular = (await runCase(nodeCase, 'continueRegularOutput')).output('Node', 0);
		expect(failed.map(({ json }) => [json.error, json.message])).toEqual(
			[regular[0], regular[2]].map(({ json }) => [json.error, json.errorDescription]),
		);
		// The service echoed the credential: the items do not show it.
		expectNoSecretIn(result, [nodeCase.secret]);
		expect(JSON.stringify(failed)).toContain('[redacted]');
	});

	test('regular output: every item on output 0 in input order, failed ones as before', async () => {
		const result = await runCase(nodeCase, 'continueRegularOutput');
		const items = result.output('Node', 0);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('Node', 1)).toEqual([]);
		expect(items[1].json).toMatchObject(nodeCase.good);
		// Exactly the error's words: no input fields merged in, and no error of the item's own.
		expect(items[0].json).toEqual({
			error: expect.stringMatching(nodeCase.failures[0]),
			errorDescription: expect.any(String),
			httpCode: nodeCase.httpCode,
		});
		expect(items[2].json).toEqual({
			error: expect.stringMatching(nodeCase.failures[1]),
			errorDescription: expect.any(String),
		});
		expect(items.map((item) => 'error' in item)).toEqual([false, false, false]);
		expectNoSecretIn(result, [nodeCase.secret]);
	});
});

describe('Socure RiskOS Trigger (Download Documents)', () => {
	const authorization = `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`;
	const delivery = (body: unknown) => ({
		headers: { 'Content-Type': 'application/json', Authorization: authorization },
		rawBody: Buffer.from(JSON.stringify(body)),
	});
	const evaluationEvent = {
		event_id: 'a9d1c0de-0000-4000-8000-000000000001',
		event_type: 'evaluation_completed',
		data: { eval_id: EVAL_MISSING, decision: 'REVIEW' },
	};
	const caseEvent = {
		event_id: 'a9d1c0de-0000-4000-8000-000000000002',
		event_type: 'case_notes_added',
		data: { case_id: 'c-1' },
	};

	test('a failed download goes to the error output with its event; an event passed through to output 0', async () => {
		nock(SOCURE)
			.get(`/api/evaluation/${EVAL_MISSING}/documents`)
			.reply(404, { message: `Evaluation not found (${FAKE_SOCURE_CREDENTIAL})` }, json);
		const workflow = webhookWorkflow({
			trigger: {
				name: 'RiskOS',
				type: 'socureRiskOsTrigger',
				parameters: { downloadDocuments: true },
				onError: 'continueErrorOutput',
			},
			credentials: {
				socureRiskOsWebhookApi: { authType: 'bearer', token: FAKE_RISKOS_BEARER_CREDENTIAL },
				socureRiskOsApi: TEST_CREDENTIALS.socureRiskOsApi,
			},
		});
		const failed = (await workflow.deliver(delivery(evaluationEvent))).execution!;
		expect(failed.error).toBeUndefined();
		expect(failed.output('RiskOS', 0)).toEqual([]);
		const [item, ...more] = failed.output('RiskOS', 1);
		expect(more).toEqual([]);
		expect(item.json).toEqual({
			error: expect.stringMatching(new RegExp(`Evaluation "${EVAL_MISSING}" was not found`)),
			message: expect.stringContaining('[redacted]'),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expectNoSecretIn(failed, [FAKE_SOCURE_CREDENTIAL, FAKE_RISKOS_BEARER_CREDENTIAL]);

		const passed = (await workflow.deliver(delivery(caseEvent))).execution!;
		expect(passed.output('RiskOS', 0).map((output) => output.json)).toEqual([caseEvent]);
		expect(passed.output('RiskOS', 1)).toEqual([]);
	});
});
