/**
 * Socure RiskOS → Evaluation → Get: the evaluation as Socure returns it, plus the summary
 * fields a workflow branches on; errors worded as for documents.
 */
import nock from 'nock';

import { FAKE_SOCURE_CREDENTIAL } from '../../../fixtures/credentials';
import {
	evaluationSummary,
	socureNode,
	SOCURE_SANDBOX as SANDBOX,
	socureRunner,
	expectHttpFailure,
} from '../../../fixtures/socure';
import { socureSimCredentials, useSimulator } from '../../../fixtures/simulator';
import { runChain, useOfflineHttp } from '../../../harness/engine';

const EVAL = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';

/** An evaluation shaped as RiskOS documents it: reason codes in data_enrichments[].response.<module>. */
function socureEvaluation(overrides: Record<string, unknown> = {}) {
	return evaluationSummary(EVAL, {
		workflow_id: 'b6f1c9de-3d8e-4b8a-9a51-0c2f4d7e8a10',
		workflow_version: '4.2.0',
		decision_at: '2026-11-20T10:15:42.107Z',
		score: 91,
		status: 'OPEN',
		tags: ['docv_reject'],
		data_enrichments: [
			{
				enrichment_name: 'Socure KYC',
				enrichment_provider: 'Socure',
				status_code: 200,
				response: { kyc: { reasonCodes: ['I919', 'R207'] } },
			},
			{
				enrichment_name: 'Socure Sigma',
				enrichment_provider: 'Socure',
				status_code: 200,
				response: {
					fraud: { reasonCodes: ['R207', 'R561'], scores: [{ name: 'sigma', score: 0.93 }] },
				},
			},
			{
				enrichment_name: 'Socure DocV',
				enrichment_provider: 'Socure',
				status_code: 200,
				response: {
					documentVerification: {
						reasonCodes: ['R844', 'I831'],
						decision: { name: 'standard', value: 'reject' },
					},
				},
			},
			{
				enrichment_name: 'Watchlist',
				enrichment_provider: 'Socure',
				status_code: 500,
				response: null,
				error: 'timeout',
			},
		],
		...overrides,
	});
}

useOfflineHttp(nock);

const runGet = socureRunner('get', { evaluationId: EVAL });

describe('get an evaluation', () => {
	test("GETs /api/evaluation/{eval_id} with the key and outputs Socure's body unchanged, plus the summary", async () => {
		const body = socureEvaluation();
		const scope = nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}`)
			.matchHeader('authorization', `Bearer ${FAKE_SOCURE_CREDENTIAL}`)
			.matchHeader('accept', 'application/json')
			.matchHeader('x-api-version', (value) => value === undefined)
			.reply(200, body);
		const result = await runGet({});
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		const items = result.output('Socure');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			...body,
			reasonCodes: ['I919', 'R207', 'R561', 'R844', 'I831'],
			documentVerification: 'reject',
			isMinor: true,
		});
		expect(Object.keys(items[0].json).slice(0, Object.keys(body).length)).toEqual(
			Object.keys(body),
		);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].binary).toBeUndefined();
	});

	test('Add Summary Fields off: exactly what Socure sent; X-API-Version sent when set', async () => {
		const body = socureEvaluation();
		const scope = nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}`)
			.matchHeader('x-api-version', '2025-01-01.orion')
			.reply(200, body);
		const result = await runGet({
			options: { addSummaryFields: false, apiVersion: ' 2025-01-01.orion ' },
		});
		expect(scope.isDone()).toBe(true);
		expect(result.output('Socure')[0].json).toEqual(body);
	});

	test("without DocV or R844: no documentVerification, isMinor false; Socure's own fields are never overwritten", async () => {
		const body = socureEvaluation({
			eval_status: 'evaluation_paused',
			decision: 'REVIEW',
			isMinor: 'as Socure sent it',
			data_enrichments: [
				{
					enrichment_name: 'Socure KYC',
					response: { kyc: { reasonCodes: ['I919'] }, reasonCodes: ['I610'] },
				},
				{
					enrichment_name: 'Socure Document Request',
					enrichment_provider: 'SocureDocRequest',
					response: { data: { url: 'https://verify.socure.com/#/dv/x' } },
				},
			],
		});
		nock(SANDBOX).get(`/api/evaluation/${EVAL}`).reply(200, body);
		const result = await runGet({});
		expect(result.output('Socure')[0].json).toEqual({ ...body, reasonCodes: ['I610', 'I919'] });
	});

	test('an evaluation without enrichments still gets an empty summary', async () => {
		const body: Record<string, unknown> = socureEvaluation();
		delete body.data_enrichments;
		nock(SANDBOX).get(`/api/evaluation/${EVAL}`).reply(200, body);
		const result = await runGet({});
		expect(result.output('Socure')[0].json).toEqual({ ...body, reasonCodes: [], isMinor: false });
	});

	test('an Evaluation ID that is not a UUID fails before any request', async () => {
		const scope = nock(SANDBOX).get(/.*/).reply(200, {});
		const result = await runGet({ evaluationId: '../documents' });
		expect(result.error?.message).toBe('Evaluation ID "../documents" is not a UUID (item 0)');
		expect(scope.isDone()).toBe(false);
	});

	test.each([
		[
			401,
			/^Socure RiskOS rejected the API key \(HTTP 401\)/,
			/belongs to the "sandbox" environment/,
		],
		[
			403,
			new RegExp(`^The API key may not read evaluation "${EVAL}" \\(HTTP 403\\)`),
			/lacks permission.*access to evaluations/,
		],
		[
			404,
			new RegExp(`^Evaluation "${EVAL}" was not found in the "sandbox" environment \\(HTTP 404\\)`),
			/environment the evaluation was created in/,
		],
	])(
		'HTTP %i is not retried and says what to do, without the key',
		async (status, message, description) => {
			const scope = nock(SANDBOX)
				.get(`/api/evaluation/${EVAL}`)
				.once()
				.reply(status, { message: `failure for ${FAKE_SOCURE_CREDENTIAL}` });
			const result = await runGet({});
			expect(scope.isDone()).toBe(true);
			expectHttpFailure(result, status, message, description);
		},
	);

	test('a 200 that is not JSON (a sign-in page) is a clear error; JSON that is not an object too', async () => {
		nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}`)
			.reply(200, '<!doctype html><title>Sign in</title>', { 'Content-Type': 'text/html' });
		const html = await runGet({});
		expect(html.error?.message).toBe('The service answered with a body that is not JSON (item 0)');
		expect(html.error?.description).toMatch(/environment points at the API host/);
		nock(SANDBOX).get(`/api/evaluation/${EVAL}`).reply(200, [1, 2]);
		const list = await runGet({});
		expect(list.error?.message).toBe(
			`Socure RiskOS answered with JSON that is not an evaluation for "${EVAL}" (item 0)`,
		);
	});

	test('continue on error: one output per input item, paired, failures named', async () => {
		const other = '0b6c1f7e-3a2d-4e0f-9c1b-2d3e4f5a6b7c';
		nock(SANDBOX).get(`/api/evaluation/${EVAL}`).reply(200, socureEvaluation());
		nock(SANDBOX).get(`/api/evaluation/${other}`).reply(404, { message: 'Evaluation not found' });
		const result = await runGet(
			{ evaluationId: '={{ $json.evalId }}' },
			{
				continueOnFail: true,
				input: [
					{ json: { evalId: EVAL } },
					{ json: { evalId: 'nope' } },
					{ json: { evalId: other } },
				],
			},
		);
		const items = result.output('Socure');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.decision).toBe('REJECT');
		expect(items[1].json.error).toBe('Evaluation ID "nope" is not a UUID (item 1)');
		expect(items[2].json).toMatchObject({
			error: expect.stringContaining('was not found'),
			httpCode: '404',
		});
	});
});

describe('against the simulator', () => {
	const sim = useSimulator();

	test('a minor (R844): the evaluation says so, and the documents answer "No Documents Found"', async () => {
		const minor = '22222222-2222-4222-8222-222222222222';
		const result = await runChain({
			input: [{ json: {} }],
			nodes: [
				socureNode('Get', 'get', { evaluationId: minor }),
				socureNode('Download', 'downloadDocuments', { evaluationId: '={{ $json.eval_id }}' }),
			],
			credentials: socureSimCredentials(sim()),
		});
		expect(result.error).toBeUndefined();
		const evaluation = result.output('Get')[0].json;
		expect(evaluation).toMatchObject({
			eval_id: minor,
			decision: 'REJECT',
			eval_status: 'evaluation_completed',
			isMinor: true,
			documentVerification: 'reject',
		});
		expect(evaluation.reasonCodes).toContain('R844');
		expect(result.output('Download').map((item) => item.json)).toEqual([
			{ evaluationId: minor, documentsFound: false, message: 'No Documents Found' },
		]);
	});

	test('fixture evaluations: rejected, under review, paused for DocV, accepted', async () => {
		const ids = [
			'11111111-1111-4111-8111-111111111111',
			'33333333-3333-4333-8333-333333333333',
			'66666666-6666-4666-8666-666666666666',
			'9a0e5b7c-1d2f-4a3b-8c4d-5e6f7a8b9c0d',
		];
		const result = await runChain({
			input: ids.map((id) => ({ json: { id } })),
			nodes: [socureNode('Get', 'get', { evaluationId: '={{ $json.id }}' })],
			credentials: socureSimCredentials(sim()),
		});
		expect(
			result
				.output('Get')
				.map((item) => [
					item.json.eval_id,
					item.json.eval_status,
					item.json.decision,
					item.json.documentVerification ?? null,
					item.json.isMinor,
				]),
		).toEqual([
			[ids[0], 'evaluation_completed', 'REJECT', 'reject', false],
			[ids[1], 'evaluation_completed', 'REVIEW', 'review', false],
			[ids[2], 'evaluation_paused', 'REVIEW', null, false],
			[ids[3], 'evaluation_completed', 'ACCEPT', 'accept', false],
		]);
	});
});
