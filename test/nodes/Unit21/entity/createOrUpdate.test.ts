/**
 * Unit21 → Entity → Create or Update: POST /v1/entities/create with the body built from
 * the parameters (epoch seconds, lists, option defaults, Other API Fields merged under
 * them), 423 retried, an upsert resent after an unknown outcome and a strict create not.
 */
import nock from 'nock';

import type { INodeProperties } from 'n8n-workflow';

import { Unit21 } from '../../../../packages/unit21/nodes/Unit21/Unit21.node';
import { captureRequests, type CapturedAnswer, runSendingNothing } from '../../../fixtures/capture';
import { FAKE_UNIT21_CREDENTIAL } from '../../../fixtures/credentials';
import { socureNode } from '../../../fixtures/socure';
import { UNIT21_API as API, UNIT21_CREDENTIALS } from '../../../fixtures/unit21';
import { binaryBytes, type InputItem, runChain, useOfflineHttp } from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';

const SOCURE = 'https://riskos.sandbox.socure.com';
const credentials = {
	...UNIT21_CREDENTIALS,
	socureRiskOsApi: { environment: 'sandbox', apiKey: 'test-socure-key-0001' },
};

useOfflineHttp(nock);

/** Intercepts creates, recording each request, answering with the given answers in turn. */
const captureCreates = (answers: CapturedAnswer[] = [[200, { entity_id: 'user-1' }]]) =>
	captureRequests(API, 'post', '/v1/entities/create', answers);

async function runCreate(
	parameters: Record<string, unknown>,
	input: InputItem[] = [{ json: {} }],
	{ continueOnFail = false, type = 'unit21' } = {},
) {
	return await runChain({
		input,
		nodes: [
			{
				name: 'Unit21',
				type,
				parameters: { resource: 'entity', operation: 'createOrUpdate', ...parameters },
				continueOnFail,
			},
		],
		credentials,
	});
}

/**
 * Creates the entity each item's `id` names, one item at a time; Unit21 accepts the
 * `accepted` IDs, in order.
 */
async function createEachItem(
	accepted: string[],
	parameters: Record<string, unknown>,
	input: InputItem[],
	options: { continueOnFail?: boolean } = {},
) {
	const { captured } = captureCreates(accepted.map((id) => [200, { entity_id: id }]));
	const result = await runCreate(
		{ entityId: '={{ $json.id }}', options: { concurrency: 1 }, ...parameters },
		input,
		options,
	);
	return { captured, result };
}

const DEFAULT_OPTIONS = { upsert_on_conflict: true, merge_custom_data: true };

describe('registration', () => {
	const properties = new Unit21().description.properties;
	const operationsOf = (resource: string) =>
		properties.find(
			(property: INodeProperties) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.resource?.includes(resource),
		)!;

	test('entity offers Add Media (still the default), Create or Update and Delete All Media; the others Add Media only', () => {
		const entity = operationsOf('entity');
		expect(entity.default).toBe('addMedia');
		expect(
			(entity.options as Array<{ value: string; action: string }>).map((option) => [
				option.value,
				option.action,
			]),
		).toEqual([
			['addMedia', 'Add media to an entity'],
			['createOrUpdate', 'Create or update an entity'],
			['deleteAllMedia', 'Delete all media of an entity'],
		]);
		for (const resource of ['event', 'alert', 'case']) {
			const operation = operationsOf(resource);
			expect(operation.default).toBe('addMedia');
			expect((operation.options as Array<{ value: string }>).map((option) => option.value)).toEqual(
				['addMedia'],
			);
		}
	});

	test('a workflow saved before these operations (no operation parameter) still adds media', async () => {
		const scope = nock(API).put('/v1/acme_bank/entities/user-1/link-media').reply(200, {});
		const result = await runChain({
			input: [
				{
					binary: {
						data: {
							content: Buffer.from('%PDF-1.4'),
							fileName: 'a.pdf',
							mimeType: 'application/pdf',
						},
					},
				},
			],
			nodes: [{ name: 'Unit21', type: 'unit21', parameters: { entityId: 'user-1' } }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});
});

describe('the request', () => {
	test('POST /v1/entities/create (no org in the path) with the key; the least body; the answer unchanged', async () => {
		const { captured, scope } = captureCreates([
			[200, { entity_id: 'user-1', previously_existed: false }],
		]);
		const result = await runCreate({ entityId: ' user-1 ' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(captured[0].path).toBe('/v1/entities/create');
		expect(captured[0].headers['u21-key']).toBe(FAKE_UNIT21_CREDENTIAL);
		expect(captured[0].headers['content-type']).toBe('application/json');
		expect(captured[0].body).toEqual({
			general_data: { entity_id: 'user-1', entity_type: 'user' },
			options: DEFAULT_OPTIONS,
		});
		expect(result.output('Unit21')).toEqual([
			{ json: { entity_id: 'user-1', previously_existed: false }, pairedItem: { item: 0 } },
		]);
	});

	test("the input item's files pass through, so Add Media can follow directly", async () => {
		captureCreates();
		const content = Buffer.from('%PDF-1.4 id');
		const result = await runCreate({ entityId: 'user-1' }, [
			{ binary: { data: { content, fileName: 'id.pdf', mimeType: 'application/pdf' } } },
		]);
		const [item] = result.output('Unit21');
		expect(item.json).toEqual({ entity_id: 'user-1' });
		expect((await binaryBytes(item.binary?.data)).equals(content)).toBe(true);
	});

	test('an empty answer gives the entity ID', async () => {
		captureCreates([[200, '']]);
		const result = await runCreate({ entityId: 'user-1' });
		expect(result.output('Unit21')[0].json).toEqual({ entity_id: 'user-1' });
	});

	test('every parameter in its place: dates as epoch seconds, lists, scores, custom data, options off', async () => {
		const { captured } = captureCreates();
		const result = await runCreate({
			entityId: 'user-1',
			entityType: 'user',
			userData: {
				firstName: ' Jane ',
				middleName: '',
				lastName: 'Doe',
				dateOfBirth: '1990-12-03',
				gender: 'female',
				ssn: '733-99-5921',
			},
			additionalFields: {
				status: 'active',
				entitySubtype: 'retail',
				registeredAt: '2021-06-10T22:43:31',
				tags: 'sector:retail, source:socure ,',
				emailAddresses: 'jane@example.com, j.doe@example.org',
				phoneNumbers: '+14159627132',
			},
			documents: {
				document: [
					{
						documentId: 'G3352403F',
						documentType: 'drivers_license',
						country: 'US',
						state: 'CA',
						issuedAt: '2019-11-02',
						expiresAt: '2027-11-02T00:00:00+02:00',
					},
					{ documentId: 'P123', documentType: 'passport', issuedAt: 1572673226 },
					{ documentId: 'P124', documentType: 'passport', expiresAt: '1572673227000' },
				],
			},
			riskScores: {
				riskScore: [
					{ name: 'socure_riskos_score', score: 91, denominator: 100 },
					{ name: 'sigma', score: '930', denominator: 0 },
				],
			},
			customData: '{"socure_decision": "REJECT", "reviewers": 3, "flags": {"minor": false}}',
			options: { upsertOnConflict: false, mergeCustomData: false },
		});
		expect(result.error).toBeUndefined();
		expect(captured[0].body).toEqual({
			general_data: {
				entity_id: 'user-1',
				entity_type: 'user',
				entity_subtype: 'retail',
				status: 'active',
				registered_at: 1623365011,
				tags: ['sector:retail', 'source:socure'],
			},
			user_data: {
				first_name: 'Jane',
				last_name: 'Doe',
				gender: 'female',
				ssn: '733-99-5921',
				day_of_birth: 3,
				month_of_birth: 12,
				year_of_birth: 1990,
			},
			communication_data: {
				email_addresses: ['jane@example.com', 'j.doe@example.org'],
				phone_numbers: ['+14159627132'],
			},
			document_data: [
				{
					document_id: 'G3352403F',
					document_type: 'drivers_license',
					country: 'US',
					state: 'CA',
					issued_at: 1572652800,
					expires_at: 1825106400,
				},
				{ document_id: 'P123', document_type: 'passport', issued_at: 1572673226 },
				{ document_id: 'P124', document_type: 'passport', expires_at: 1572673227 },
			],
			risk_scores: [
				{ name: 'socure_riskos_score', score: 91, denominator: 100 },
				{ name: 'sigma', score: 930 },
			],
			custom_data: { socure_decision: 'REJECT', reviewers: 3, flags: { minor: false } },
			options: { upsert_on_conflict: false, merge_custom_data: false },
		});
	});

	test('a business: business_data, and no user_data even when User Data was filled before the switch', async () => {
		const { captured } = captureCreates();
		await runCreate({
			entityId: 'biz-1',
			entityType: 'business',
			userData: { firstName: 'stale' },
			businessData: {
				businessName: 'Acme',
				corporateTaxId: '434-455-3166',
				registeredCountry: 'US',
				doingBusinessAs: 'Global Liquids',
			},
		});
		expect(captured[0].body).toEqual({
			general_data: { entity_id: 'biz-1', entity_type: 'business' },
			business_data: {
				business_name: 'Acme',
				corporate_tax_id: '434-455-3166',
				registered_country: 'US',
				doing_business_as: 'Global Liquids',
			},
			options: DEFAULT_OPTIONS,
		});
	});

	test("Other API Fields: every key sent; objects merged with the parameters winning, lists joined after the JSON's", async () => {
		const { captured } = captureCreates();
		await runCreate({
			entityId: 'user-1',
			userData: { firstName: 'Jane' },
			riskScores: { riskScore: [{ name: 'ours', score: 5 }] },
			customData: '{"b": "ours", "c": 3}',
			additionalFields: {
				status: 'active',
				otherFields: JSON.stringify({
					general_data: { entity_id: 'theirs', status: 'theirs', parents: [{ entity_id: 'p1' }] },
					user_data: { first_name: 'Theirs', last_name: 'Doe' },
					location_data: [{ type: 'SHIPPING', city: 'Redmond' }],
					document_data: [{ document_id: 'D1', document_type: 'passport' }],
					risk_scores: [{ name: 'theirs', score: 1 }],
					custom_data: { a: 'theirs', b: 'theirs' },
					options: { resolve_geoip: false, upsert_on_conflict: false },
				}),
			},
		});
		expect(captured[0].body).toEqual({
			general_data: {
				entity_id: 'user-1',
				entity_type: 'user',
				status: 'active',
				parents: [{ entity_id: 'p1' }],
			},
			user_data: { first_name: 'Jane', last_name: 'Doe' },
			location_data: [{ type: 'SHIPPING', city: 'Redmond' }],
			document_data: [{ document_id: 'D1', document_type: 'passport' }],
			risk_scores: [
				{ name: 'theirs', score: 1 },
				{ name: 'ours', score: 5 },
			],
			custom_data: { a: 'theirs', b: 'ours', c: 3 },
			options: { resolve_geoip: false, upsert_on_conflict: true, merge_custom_data: true },
		});
	});

	test('expressions per item, and custom data given as an object by an expression', async () => {
		const { captured, result } = await createEachItem(
			['a', 'b'],
			{ customData: '={{ { tier: $json.tier } }}' },
			[{ json: { id: 'a', tier: 1 } }, { json: { id: 'b', tier: 2 } }],
		);
		expect(result.error).toBeUndefined();
		expect(captured.map((capture) => capture.body.custom_data)).toEqual([{ tier: 1 }, { tier: 2 }]);
		expect(result.output('Unit21').map((item) => [item.json.entity_id, item.pairedItem])).toEqual([
			['a', { item: 0 }],
			['b', { item: 1 }],
		]);
	});
});

describe('refusals before any request', () => {
	test.each([
		['an empty entity ID', { entityId: ' ' }, /^Entity ID is empty/],
		['dots alone', { entityId: '..' }, /^Entity ID "\.\." is not a valid Unit21 entity ID/],
		['a space in the ID', { entityId: 'a b' }, /^Entity ID "a b" is not a valid Unit21 entity ID/],
		['custom data that is not JSON', { customData: '{not json' }, /^Custom Data is not valid JSON/],
		['custom data that is a list', { customData: '[1, 2]' }, /^Custom Data must be a JSON object/],
		[
			'other fields that are not JSON',
			{ additionalFields: { otherFields: '{"a":' } },
			/^Other API Fields \(JSON\) is not valid JSON/,
		],
		[
			'other fields with a section of the wrong shape',
			{ userData: { firstName: 'J' }, additionalFields: { otherFields: '{"user_data": "x"}' } },
			/^Other API Fields: "user_data" must be a JSON object/,
		],
		[
			'a date that does not exist',
			{
				documents: {
					document: [{ documentId: 'D', documentType: 'passport', issuedAt: '2024-02-30' }],
				},
			},
			/^Document 1: Issued At "2024-02-30" is not a date/,
		],
		[
			'a date that is not one',
			{ additionalFields: { registeredAt: 'last tuesday' } },
			/^Registered At "last tuesday" is not a date/,
		],
		[
			'a birth date that does not exist',
			{ userData: { dateOfBirth: '1990-02-30' } },
			/^Date of Birth "1990-02-30" is not a date/,
		],
		[
			'a document without a type',
			{ documents: { document: [{ documentId: 'D' }] } },
			/^Document 1 has no Document Type/,
		],
		[
			'a fractional score',
			{ riskScores: { riskScore: [{ name: 'sigma', score: 0.93 }] } },
			/^Risk Score 1 \("sigma"\): Score "0.93" is not a whole number/,
		],
		[
			'a negative denominator',
			{ riskScores: { riskScore: [{ name: 's', score: 1, denominator: -10 }] } },
			/^Risk Score 1 \("s"\): Denominator "-10" is not a positive whole number/,
		],
		[
			'a score without a name',
			{ riskScores: { riskScore: [{ name: '', score: 1 }] } },
			/^Risk Score 1 has no Name/,
		],
		[
			'over 1,000 documents',
			{
				documents: { document: [{ documentId: 'last', documentType: 'passport' }] },
				additionalFields: {
					otherFields: JSON.stringify({
						document_data: Array.from({ length: 1000 }, (_, index) => ({
							document_id: `D${index}`,
							document_type: 'passport',
						})),
					}),
				},
			},
			/^1001 documents for entity "user-1", over Unit21's limit of 1000/,
		],
	])('%s', async (_label, parameters, message) => {
		const result = await runSendingNothing(API, 'post', () =>
			runCreate({ entityId: 'user-1', ...parameters }),
		);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toMatch(/\(item 0\)$/);
		expect(result.error?.description).toBeTruthy();
	});

	describe('JSON nested deeper than 100 levels, in words before anything is sent', () => {
		const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
		const deepList = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;

		test.each([
			['Custom Data of 200,000 levels', { customData: deepList }, 'Custom Data'],
			['Custom Data of 101 levels', { customData: nested(101) }, 'Custom Data'],
			[
				'Other API Fields of 200,000 levels',
				{ additionalFields: { otherFields: deepList } },
				'Other API Fields (JSON)',
			],
			[
				'Other API Fields of 101 levels',
				{ additionalFields: { otherFields: `{"location_data": ${nested(100)}}` } },
				'Other API Fields (JSON)',
			],
		])('%s', async (_label, parameters, field) => {
			const result = await runSendingNothing(API, 'post', () =>
				runCreate({ entityId: 'user-1', ...parameters }),
			);
			expect(result.error?.message).toBe(`${field} is nested more than 100 levels deep (item 0)`);
			expect(result.error?.description).toMatch(/^Flatten it/);
		});

		test('given as an object by an expression: refused the same way', async () => {
			const scope = nock(API).post(/.*/).reply(200, {});
			const result = await runCreate({ entityId: 'user-1', customData: '={{ $json.deep }}' }, [
				{ json: { deep: JSON.parse(nested(101)) as unknown } },
			]);
			expect(scope.isDone()).toBe(false);
			expect(result.error?.message).toBe(
				'Custom Data is nested more than 100 levels deep (item 0)',
			);
		});

		test('100 levels are sent', async () => {
			const { captured } = captureCreates();
			const result = await runCreate({
				entityId: 'user-1',
				customData: nested(100),
				additionalFields: { otherFields: `{"location_data": ${nested(99)}}` },
			});
			expect(result.error).toBeUndefined();
			expect(captured[0].body.custom_data).toEqual(JSON.parse(nested(100)));
			expect(captured[0].body.location_data).toEqual(JSON.parse(nested(99)));
		});
	});

	test('continue on error: every item answered, in order, paired; the bad one names its cause', async () => {
		const { captured, result } = await createEachItem(
			['a', 'c'],
			{ customData: '={{ $json.custom }}' },
			[
				{ json: { id: 'a', custom: '{}' } },
				{ json: { id: 'b', custom: '{oops' } },
				{ json: { id: 'c', custom: '{"x": 1}' } },
			],
			{ continueOnFail: true },
		);
		expect(captured.map((capture) => capture.body.general_data)).toEqual([
			{ entity_id: 'a', entity_type: 'user' },
			{ entity_id: 'c', entity_type: 'user' },
		]);
		expect(result.outcomes('Unit21', 'entity_id')).toEqual([
			['a', { item: 0 }],
			['Custom Data is not valid JSON (item 1)', { item: 1 }],
			['c', { item: 2 }],
		]);
	});
});

describe("Unit21's answers", () => {
	test('423 (entity busy) is retried with the same body, then succeeds', async () => {
		const { captured } = captureCreates([
			[423, { message: 'Object updates in progress. Please try again later.' }],
			[200, { entity_id: 'user-1' }],
		]);
		const result = await runCreate({ entityId: 'user-1', customData: '{"a": 1}' });
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
		expect(captured[1].body).toEqual(captured[0].body);
		expect(result.output('Unit21')[0].json).toEqual({ entity_id: 'user-1' });
	});

	test('423 that persists is reported once retries are spent', async () => {
		const { captured } = captureCreates([
			[423, {}],
			[423, {}],
		]);
		const result = await runCreate({ entityId: 'user-1', options: { maxRetries: 1 } });
		expect(captured).toHaveLength(2);
		expect(result.error?.message).toBe(
			'Unit21 kept Entity "user-1" locked while updating it (HTTP 423), and retries were spent (item 0)',
		);
	});

	test.each([
		['a 500', [500, { message: 'Internal Server Error' }] as [number, unknown]],
		['a connection cut after sending', 'reset' as const],
	])(
		'an upsert is resent after %s: Unit21 ignores an identical request',
		async (_label, failure) => {
			const { captured } = captureCreates([failure, [200, { entity_id: 'user-1' }]]);
			const result = await runCreate({ entityId: 'user-1' });
			expect(result.error).toBeUndefined();
			expect(captured).toHaveLength(2);
			expect(captured[1].body).toEqual(captured[0].body);
		},
	);

	test('a strict create (Upsert on Conflict off) is not resent after a 500: the outcome is unknown', async () => {
		const { captured } = captureCreates([
			[500, { message: 'Internal Server Error' }],
			[200, { entity_id: 'user-1' }],
		]);
		const result = await runCreate({ entityId: 'user-1', options: { upsertOnConflict: false } });
		expect(captured).toHaveLength(1);
		expect(result.error?.message).toBe('Unit21 answered HTTP 500: Internal Server Error (item 0)');
		expect(result.error?.description).toMatch(
			/^Unit21 failed after receiving the request, so it may have processed it; it was not sent again\. Check entity "user-1" in Unit21 before running the node again/,
		);
	});

	test('a strict create after a cut connection is not resent either, unless Resend When Outcome Unknown is on', async () => {
		const first = captureCreates(['reset', [200, { entity_id: 'user-1' }]]);
		const refused = await runCreate({ entityId: 'user-1', options: { upsertOnConflict: false } });
		expect(first.captured).toHaveLength(1);
		expect(refused.error?.message).toMatch(
			/^The outcome is unknown: the connection to sandbox1-api\.unit21\.com failed/,
		);
		nock.cleanAll();

		const second = captureCreates(['reset', [200, { entity_id: 'user-1' }]]);
		const resent = await runCreate({
			entityId: 'user-1',
			options: { upsertOnConflict: false, resendWhenUnsure: true },
		});
		expect(resent.error).toBeUndefined();
		expect(second.captured).toHaveLength(2);
	});

	test.each([
		[
			400,
			{ error_code: 'invalid_request', message: 'document_data[0].issued_at must be an integer' },
			{},
			'Unit21 refused entity "user-1" (HTTP 400): document_data[0].issued_at must be an integer (item 0)',
			/^Correct the field Unit21 names.*Unit21 said: "document_data\[0\]\.issued_at must be an integer: invalid_request"/,
		],
		[
			409,
			{ error_code: 'conflict', message: 'Entity already exists' },
			{ options: { upsertOnConflict: false } },
			'Entity "user-1" already exists in Unit21, and Upsert on Conflict is off (HTTP 409) (item 0)',
			/^Turn on Upsert on Conflict \(in Options\) to update it/,
		],
		[
			409,
			{ message: 'Whitelisted entities cannot be updated' },
			{},
			'Unit21 refused to update entity "user-1" (HTTP 409) (item 0)',
			/whitelisted entities.*Unit21 said: "Whitelisted entities cannot be updated"/,
		],
		[
			403,
			{ message: 'Forbidden' },
			{},
			'The Unit21 API key may not create or update entities (HTTP 403) (item 0)',
			/write access to entities/,
		],
		[
			401,
			{ message: `Invalid key ${FAKE_UNIT21_CREDENTIAL}` },
			{},
			'Unit21 rejected the API key (HTTP 401) (item 0)',
			/"sandbox1" environment/,
		],
	])(
		'HTTP %i is worded, never retried, and never shows the key',
		async (status, body, parameters, message, description) => {
			const { captured } = captureCreates([
				[status, body],
				[200, {}],
			]);
			const result = await runCreate({ entityId: 'user-1', ...parameters });
			expect(captured).toHaveLength(1);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(description);
			expect(result.error?.httpCode).toBe(String(status));
			expectNoSecretIn(result, [FAKE_UNIT21_CREDENTIAL]);
		},
	);
});

describe('as an AI Agent tool (unit21Tool)', () => {
	test("Unit21's answer as JSON", async () => {
		const { captured } = captureCreates([[200, { entity_id: 'user-9' }]]);
		const result = await runCreate(
			{
				entityId: 'user-9',
				userData: { firstName: 'Ann' },
				riskScores: { riskScore: [{ name: 'kyc', score: 12, denominator: 100 }] },
			},
			[
				{
					json: { toolCallId: 'call_1' },
					binary: {
						data: { content: Buffer.from('x'), fileName: 'a.txt', mimeType: 'text/plain' },
					},
				},
			],
			{ type: 'unit21Tool' },
		);
		expect(result.error).toBeUndefined();
		expect(captured[0].body).toEqual({
			general_data: { entity_id: 'user-9', entity_type: 'user' },
			user_data: { first_name: 'Ann' },
			risk_scores: [{ name: 'kyc', score: 12, denominator: 100 }],
			options: DEFAULT_OPTIONS,
		});
		const items = result.output('Unit21');
		expect(items).toEqual([{ json: { entity_id: 'user-9' }, pairedItem: { item: 0 } }]);
		expect(JSON.stringify(items)).not.toContain(FAKE_UNIT21_CREDENTIAL);
	});
});

describe('from Socure RiskOS → Get an evaluation (the expressions docs/unit21-entity.md gives)', () => {
	const EVAL = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';
	const evaluation = {
		id: '4c1d0d7e-93a1-4f53-8f1e-6b2c3a4d5e6f',
		eval_id: EVAL,
		workflow: 'consumer_onboarding',
		eval_status: 'evaluation_completed',
		decision: 'REJECT',
		score: 91,
		status: 'OPEN',
		data_enrichments: [
			{ enrichment_name: 'Socure KYC', response: { kyc: { reasonCodes: ['I919', 'R207'] } } },
			{
				enrichment_name: 'Socure Sigma',
				response: {
					fraud: { reasonCodes: ['R207', 'R561'], scores: [{ name: 'sigma', score: 0.93 }] },
				},
			},
			{
				enrichment_name: 'Socure DocV',
				response: {
					documentVerification: {
						reasonCodes: ['R844', 'I831'],
						decision: { name: 'standard', value: 'reject' },
					},
				},
			},
			{ enrichment_name: 'Watchlist', status_code: 500, response: null, error: 'timeout' },
		],
	};

	async function chain(unit21Parameters: Record<string, unknown>, socureOptions = {}) {
		nock(SOCURE).get(`/api/evaluation/${EVAL}`).reply(200, evaluation);
		const { captured } = captureCreates([[200, { entity_id: 'customer-1001' }]]);
		const result = await runChain({
			input: [{ json: { evaluationId: EVAL, customerId: 'customer-1001' } }],
			nodes: [
				socureNode('Get an evaluation', 'get', {
					evaluationId: '={{ $json.evaluationId }}',
					options: socureOptions,
				}),
				{
					name: 'Unit21',
					type: 'unit21',
					parameters: {
						resource: 'entity',
						operation: 'createOrUpdate',
						entityId: "={{ $('Input').item.json.customerId }}",
						...unit21Parameters,
					},
				},
			],
			credentials,
		});
		expect(result.error).toBeUndefined();
		return captured[0].body;
	}

	test('score and decision into risk_scores; decision, reason codes and DocV verdict into custom_data', async () => {
		const body = await chain({
			riskScores: {
				riskScore: [
					{ name: 'socure_riskos_score', score: '={{ $json.score }}', denominator: 100 },
					{
						name: 'socure_sigma',
						score:
							'={{ Math.round($json.data_enrichments.find(e => e.response?.fraud)?.response.fraud.scores[0].score * 1000) }}',
						denominator: 1000,
					},
				],
			},
			customData:
				"={{ { socure_eval_id: $json.eval_id, socure_decision: $json.decision, socure_score: $json.score, socure_reason_codes: $json.reasonCodes.join(','), socure_docv: $json.documentVerification ?? 'none' } }}",
		});
		expect(body).toEqual({
			general_data: { entity_id: 'customer-1001', entity_type: 'user' },
			risk_scores: [
				{ name: 'socure_riskos_score', score: 91, denominator: 100 },
				{ name: 'socure_sigma', score: 930, denominator: 1000 },
			],
			custom_data: {
				socure_eval_id: EVAL,
				socure_decision: 'REJECT',
				socure_score: 91,
				socure_reason_codes: 'I919,R207,R561,R844,I831',
				socure_docv: 'reject',
			},
			options: DEFAULT_OPTIONS,
		});
	});

	test('one true flag per reason code, for Logic Provider rules; and the codes without the summary fields', async () => {
		const body = await chain(
			{
				customData:
					"={{ Object.fromEntries([...new Set($json.data_enrichments.flatMap(e => Object.values(e.response ?? {})).flatMap(m => m?.reasonCodes ?? []))].map(code => ['socure_' + code, true])) }}",
			},
			{ addSummaryFields: false },
		);
		expect(body.custom_data).toEqual({
			socure_I919: true,
			socure_R207: true,
			socure_R561: true,
			socure_R844: true,
			socure_I831: true,
		});
	});

	test('custom data written as JSON text with expressions inside', async () => {
		const body = await chain({
			customData:
				'={ "socure_decision": "{{ $json.decision }}", "socure_reason_codes": "{{ $json.reasonCodes.join(\',\') }}" }',
		});
		expect(body.custom_data).toEqual({
			socure_decision: 'REJECT',
			socure_reason_codes: 'I919,R207,R561,R844,I831',
		});
	});
});
