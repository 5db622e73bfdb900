import nock from 'nock';
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { SocureRiskOsTrigger } from '../../../packages/socure-riskos/nodes/SocureRiskOs/SocureRiskOsTrigger.node';
import {
	FAKE_RISKOS_BEARER_CREDENTIAL,
	FAKE_SOCURE_CREDENTIAL,
	FAKE_UNIT21_CREDENTIAL,
} from '../../fixtures/credentials';
import { socureDocumentsZip, inArchiveOrder } from '../../fixtures/zip';
import {
	binaryBytes,
	cleanUpBinaryData,
	webhookWorkflow,
	type NodeUnderTest,
} from '../../harness/engine';

const EVAL = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';
const SANDBOX = 'https://riskos.sandbox.socure.com';
const UNIT21 = 'https://sandbox1-api.unit21.com';
const bearerWebhook = {
	socureRiskOsWebhookApi: { authType: 'bearer', token: FAKE_RISKOS_BEARER_CREDENTIAL },
};
const basicWebhook = {
	socureRiskOsWebhookApi: { authType: 'basic', username: 'riskos', password: 'pa:ss-0001' },
};
const apis = {
	socureRiskOsApi: { environment: 'sandbox', apiKey: FAKE_SOCURE_CREDENTIAL },
	unit21Api: { environment: 'sandbox1', orgName: 'acme_bank', apiKey: FAKE_UNIT21_CREDENTIAL },
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
	nock.enableNetConnect();
	cleanUpBinaryData();
});

function event(overrides: Record<string, unknown> = {}) {
	return {
		event_id: 'a9d1c0de-0000-4000-8000-000000000001',
		event_at: '2026-11-22T10:30:00Z',
		event_type: 'evaluation_completed',
		data: { eval_id: EVAL, decision: 'REVIEW', customer_user_id: 'customer-1001' },
		...overrides,
	};
}

function delivery(body: unknown, authorization?: string) {
	return {
		headers: {
			'Content-Type': 'application/json',
			...(authorization ? { Authorization: authorization } : {}),
		},
		rawBody: Buffer.from(JSON.stringify(body)),
	};
}

function trigger(parameters: Record<string, unknown> = {}): NodeUnderTest {
	return { name: 'RiskOS', type: 'socureRiskOsTrigger', parameters };
}

const toUnit21: NodeUnderTest = {
	name: 'Unit21',
	type: 'unit21',
	parameters: {
		resource: 'entity',
		operation: 'addMedia',
		entityId: '={{ $json.event.data.customer_user_id }}',
	},
};

describe('authentication, before anything runs', () => {
	test('the right Bearer token starts an execution whose item is the event body, without headers', async () => {
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: bearerWebhook,
		}).deliver(delivery(event(), `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`));
		expect(result.answered).toEqual({ statusCode: 200, body: { message: 'Workflow was started' } });
		expect(result.execution?.error).toBeUndefined();
		expect(result.execution?.output('RiskOS').map((item) => item.json)).toEqual([event()]);
		expect(JSON.stringify(result.execution?.run.data)).not.toContain(FAKE_RISKOS_BEARER_CREDENTIAL);
	});

	test.each([
		['missing', undefined],
		['wrong token', 'Bearer 00000000-0000-4000-8000-000000000000'],
		['token with another scheme', `Basic ${FAKE_RISKOS_BEARER_CREDENTIAL}`],
		['token as the whole header', FAKE_RISKOS_BEARER_CREDENTIAL],
	])('%s: 401 and no execution', async (_case, authorization) => {
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: bearerWebhook,
		}).deliver(delivery(event(), authorization));
		expect(result.answered).toEqual({ statusCode: 401, body: { message: 'Unauthorized' } });
		expect(result.returned).toEqual({ noWebhookResponse: true });
		expect(result.execution).toBeUndefined();
	});

	test('Basic: the right pair passes, a wrong password is refused', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials: basicWebhook });
		const basic = (password: string) =>
			`Basic ${Buffer.from(`riskos:${password}`).toString('base64')}`;
		expect(
			(await workflow.deliver(delivery(event(), basic('pa:ss-0001')))).execution?.output('RiskOS'),
		).toHaveLength(1);
		const refused = await workflow.deliver(
			delivery(event({ event_id: 'other' }), basic('pa:ss-0002')),
		);
		expect(refused.answered?.statusCode).toBe(401);
		expect(refused.execution).toBeUndefined();
	});

	test('a refused delivery is not remembered as seen: the genuine one afterwards runs', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials: bearerWebhook });
		await workflow.deliver(delivery(event(), 'Bearer wrong'));
		expect(
			(workflow.staticData()['node:RiskOS'] as { recentDeliveryIds?: string[] } | undefined)
				?.recentDeliveryIds ?? [],
		).toEqual([]);
		const genuine = await workflow.deliver(
			delivery(event(), `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`),
		);
		expect(genuine.execution).toBeDefined();
	});
});

describe('event filter', () => {
	const authorization = `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`;

	test('a type neither ticked nor typed in gets 200 and no execution; ticked and typed-in types run', async () => {
		const workflow = webhookWorkflow({
			trigger: trigger({ events: ['evaluation_completed'], otherEvents: 'watchlist_match_found' }),
			credentials: bearerWebhook,
		});
		const ignored = await workflow.deliver(
			delivery(event({ event_id: 'e1', event_type: 'case_notes_added' }), authorization),
		);
		expect(ignored.answered).toEqual({
			statusCode: 200,
			body: { message: 'Event type case_notes_added is not selected in the trigger; ignored' },
		});
		expect(ignored.execution).toBeUndefined();
		expect(
			(await workflow.deliver(delivery(event({ event_id: 'e2' }), authorization))).execution,
		).toBeDefined();
		const typed = await workflow.deliver(
			delivery(event({ event_id: 'e3', event_type: 'watchlist_match_found' }), authorization),
		);
		expect(typed.execution).toBeDefined();
	});
});

describe('repeated deliveries', () => {
	const authorization = `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`;

	test('the same event_id again is answered 200 and uploads nothing twice (default on)', async () => {
		const { archive } = socureDocumentsZip(EVAL);
		const download = nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}/documents`)
			.once()
			.reply(200, archive);
		const uploads = nock(UNIT21)
			.put('/v1/acme_bank/entities/customer-1001/link-media')
			.times(5)
			.reply(200, {});
		const workflow = webhookWorkflow({
			trigger: trigger({ downloadDocuments: true }),
			nodes: [toUnit21],
			credentials: { ...bearerWebhook, ...apis },
		});

		const first = await workflow.deliver(delivery(event(), authorization));
		expect(first.execution?.error).toBeUndefined();
		expect(first.execution?.output('Unit21')).toHaveLength(5);
		expect(download.isDone() && uploads.isDone()).toBe(true);

		const again = await workflow.deliver(delivery(event(), authorization));
		expect(again.answered).toEqual({
			statusCode: 200,
			body: { message: 'Event a9d1c0de-0000-4000-8000-000000000001 was already received; ignored' },
		});
		expect(again.execution).toBeUndefined();
		expect(workflow.staticData()['node:RiskOS']).toMatchObject({
			recentDeliveryIds: ['a9d1c0de-0000-4000-8000-000000000001'],
		});
	});

	test('the memory is bounded by Remembered Deliveries', async () => {
		const workflow = webhookWorkflow({
			trigger: trigger({ options: { rememberedDeliveries: 2 } }),
			credentials: bearerWebhook,
		});
		for (const id of ['e1', 'e2', 'e3'])
			await workflow.deliver(delivery(event({ event_id: id }), authorization));
		expect(workflow.staticData()['node:RiskOS']).toMatchObject({ recentDeliveryIds: ['e2', 'e3'] });
		expect(
			(await workflow.deliver(delivery(event({ event_id: 'e1' }), authorization))).execution,
		).toBeDefined();
		expect(
			(await workflow.deliver(delivery(event({ event_id: 'e3' }), authorization))).execution,
		).toBeUndefined();
	});

	test('turned off, or while listening for a test event, repeats run again', async () => {
		const off = webhookWorkflow({
			trigger: trigger({ options: { ignoreRepeats: false } }),
			credentials: bearerWebhook,
		});
		await off.deliver(delivery(event(), authorization));
		expect((await off.deliver(delivery(event(), authorization))).execution).toBeDefined();
		const test = webhookWorkflow({
			trigger: trigger(),
			credentials: bearerWebhook,
			mode: 'manual',
		});
		await test.deliver(delivery(event(), authorization));
		expect((await test.deliver(delivery(event(), authorization))).execution).toBeDefined();
	});
});

describe('repeat memory under concurrent deliveries', () => {
	const authorization = `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`;
	const remembered = (workflow: ReturnType<typeof webhookWorkflow>) =>
		(workflow.staticData()['node:RiskOS'] as { recentDeliveryIds?: unknown[] } | undefined)
			?.recentDeliveryIds ?? [];

	test('two events delivered at once are both remembered: a later retry of either starts nothing', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials: bearerWebhook });
		const [first, second] = await Promise.all([
			workflow.deliver(delivery(event({ event_id: 'e-1' }), authorization)),
			workflow.deliver(delivery(event({ event_id: 'e-2' }), authorization)),
		]);
		expect(first.execution).toBeDefined();
		expect(second.execution).toBeDefined();
		expect(remembered(workflow)).toEqual(['e-1', 'e-2']);
		for (const id of ['e-1', 'e-2']) {
			const retry = await workflow.deliver(delivery(event({ event_id: id }), authorization));
			expect(retry.answered?.body).toEqual({
				message: `Event ${id} was already received; ignored`,
			});
			expect(retry.execution).toBeUndefined();
		}
	});

	test('the same event delivered three times at once runs once', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials: bearerWebhook });
		const results = await Promise.all(
			[1, 2, 3].map(async () => await workflow.deliver(delivery(event(), authorization))),
		);
		expect(results.filter((result) => result.execution !== undefined)).toHaveLength(1);
	});

	test('another workflow does not share the memory', async () => {
		const body = event({ event_id: 'shared-id' });
		for (const workflow of [1, 2].map(() =>
			webhookWorkflow({ trigger: trigger(), credentials: bearerWebhook }),
		))
			expect((await workflow.deliver(delivery(body, authorization))).execution).toBeDefined();
	});
});

describe('event IDs as sent', () => {
	const authorization = `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`;

	test('42 and "42" are different events', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials: bearerWebhook });
		expect(
			(await workflow.deliver(delivery(event({ event_id: 42 }), authorization))).execution,
		).toBeDefined();
		expect(
			(await workflow.deliver(delivery(event({ event_id: '42' }), authorization))).execution,
		).toBeDefined();
		expect(
			(await workflow.deliver(delivery(event({ event_id: 42 }), authorization))).execution,
		).toBeUndefined();
	});

	test('two long IDs sharing their first 200 characters are different events', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials: bearerWebhook });
		const prefix = 'p'.repeat(200);
		for (const id of [`${prefix}-a`, `${prefix}-b`])
			expect(
				(await workflow.deliver(delivery(event({ event_id: id }), authorization))).execution,
			).toBeDefined();
		expect(
			(await workflow.deliver(delivery(event({ event_id: `${prefix}-a` }), authorization)))
				.execution,
		).toBeUndefined();
	});
});

describe('the webhook credential, as pasted', () => {
	const credentialTest = async (data: Record<string, unknown>) =>
		await new SocureRiskOsTrigger().methods.credentialTest.socureRiskOsWebhookSecret.call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'RiskOS webhook', type: 'socureRiskOsWebhookApi', data: data as never },
		);

	test('a token pasted with a line break passes the Test and the deliveries', async () => {
		const data = { authType: 'bearer', token: `${FAKE_RISKOS_BEARER_CREDENTIAL}\n` };
		expect((await credentialTest(data)).status).toBe('OK');
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: { socureRiskOsWebhookApi: data },
		}).deliver(delivery(event(), `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`));
		expect(result.execution).toBeDefined();
	});

	test('Basic username and password pasted with surrounding spaces pass the Test and the deliveries', async () => {
		const data = { authType: 'basic', username: ' riskos ', password: 'pa:ss-0001\r\n' };
		expect((await credentialTest(data)).status).toBe('OK');
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: { socureRiskOsWebhookApi: data },
		}).deliver(delivery(event(), `Basic ${Buffer.from('riskos:pa:ss-0001').toString('base64')}`));
		expect(result.execution).toBeDefined();
	});

	test('a whitespace-only token fails the Test and refuses every delivery', async () => {
		const data = { authType: 'bearer', token: ' \n' };
		expect(await credentialTest(data)).toEqual({
			status: 'Error',
			message: 'Enter the token, or the username and password, that RiskOS sends',
		});
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: { socureRiskOsWebhookApi: data },
		}).deliver(delivery(event(), 'Bearer  '));
		expect(result.answered?.statusCode).toBe(401);
		expect(result.execution).toBeUndefined();
	});
});

describe('Download Documents', () => {
	const authorization = `Bearer ${FAKE_RISKOS_BEARER_CREDENTIAL}`;
	/** Delivers `body` to a trigger that downloads the evaluation's documents. */
	const deliverDownloading = (body: unknown, node = trigger({ downloadDocuments: true })) =>
		webhookWorkflow({ trigger: node, credentials: { ...bearerWebhook, ...apis } }).deliver(
			delivery(body, authorization),
		);

	test('an evaluation event becomes one item per file, as the download operation emits them, with the event', async () => {
		const { archive, files } = socureDocumentsZip(EVAL);
		const scope = nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}/documents`)
			.matchHeader('authorization', `Bearer ${FAKE_SOCURE_CREDENTIAL}`)
			.reply(200, archive, { 'Content-Type': 'application/zip' });
		const result = await deliverDownloading(event());
		expect(scope.isDone()).toBe(true);
		expect(result.answered).toEqual({ statusCode: 200, body: { message: 'Workflow was started' } });
		const items = result.execution!.output('RiskOS');
		expect(
			items.map((item) => [
				item.json.fileName,
				item.json.role,
				item.json.unit21MediaType,
				item.json.evaluationId,
			]),
		).toEqual([
			['documentfrontDoc_Front_1_blob.jpg', 'documentFront', 'IMAGE_ID_CARD_FRONT', EVAL],
			['documentbackDoc_Back_1_blob.jpg', 'documentBack', 'IMAGE_ID_CARD_BACK', EVAL],
			['Doc_Selfie_1_blob.jpg', 'selfie', 'IMAGE_FACE_IMAGE', EVAL],
			['identity.pdf', 'attachment', undefined, EVAL],
			['additional_doc.pdf', 'attachment', undefined, EVAL],
		]);
		for (const item of items) expect(item.json.event).toEqual(event());
		const expected = inArchiveOrder(files);
		for (const [index, item] of items.entries()) {
			expect(item.binary!.data.fileName).toBe(item.json.fileName);
			expect((await binaryBytes(item.binary!.data)).equals(expected[index])).toBe(true);
		}
		expect(JSON.stringify(result.execution!.run.data)).not.toContain(FAKE_SOCURE_CREDENTIAL);
	});

	test('events without an evaluation pass through unchanged; no request is made', async () => {
		const socure = nock(SANDBOX).get(/.*/).reply(500);
		const body = event({
			event_type: 'case_notes_added',
			data: { case_id: 'c-1', notes: 'checked' },
		});
		const result = await deliverDownloading(body);
		expect(result.execution?.output('RiskOS').map((item) => item.json)).toEqual([body]);
		expect(socure.isDone()).toBe(false);
		nock.cleanAll();
	});

	test("no documents: the download operation's item, with the event", async () => {
		nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}/documents`)
			.reply(400, { message: 'No Documents Found' });
		const result = await deliverDownloading(event());
		expect(result.execution?.output('RiskOS').map((item) => item.json)).toEqual([
			{ evaluationId: EVAL, documentsFound: false, message: 'No Documents Found', event: event() },
		]);
	});

	test("a download failure fails the execution with the operation's wording (RiskOS was already answered)", async () => {
		nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}/documents`)
			.reply(404, { message: 'Evaluation not found' });
		const result = await deliverDownloading(event());
		expect(result.answered).toEqual({ statusCode: 200, body: { message: 'Workflow was started' } });
		expect(result.execution?.error?.message).toMatch(
			new RegExp(`Evaluation "${EVAL}" was not found`),
		);
	});

	test("the trigger's Options set the download's limits (Max Files per Archive 2 refuses five files)", async () => {
		const { archive } = socureDocumentsZip(EVAL);
		nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}/documents`)
			.reply(200, archive, { 'Content-Type': 'application/zip' });
		const result = await deliverDownloading(
			event(),
			trigger({ downloadDocuments: true, options: { maxFiles: 2 } }),
		);
		expect(result.execution?.error?.message).toMatch(/more than the limit of 2/);
	});

	test('with continue on error, a failed download still outputs an item that carries the event', async () => {
		nock(SANDBOX)
			.get(`/api/evaluation/${EVAL}/documents`)
			.reply(404, { message: 'Evaluation not found' });
		const result = await deliverDownloading(event(), {
			...trigger({ downloadDocuments: true }),
			continueOnFail: true,
		});
		expect(result.execution?.error).toBeUndefined();
		const [item, ...rest] = result.execution!.output('RiskOS');
		expect(rest).toEqual([]);
		expect(item.json.event).toEqual(event());
		expect(item.json.error).toMatch(new RegExp(`Evaluation "${EVAL}" was not found`));
	});
});

test("the trigger's Options: repeats, and with Download Documents on the download's limits, Max Retries and Timeout", () => {
	const options = new SocureRiskOsTrigger().description.properties.find(
		(property) => property.name === 'options',
	)!.options as Array<{ name: string; displayOptions?: unknown }>;
	expect(options.map((option) => option.name).sort()).toEqual(
		[
			'acceptCompressed',
			'ignoreRepeats',
			'maxArchiveSizeMb',
			'maxFiles',
			'maxRetries',
			'maxUnzippedSizeMb',
			'rememberedDeliveries',
			'timeoutSeconds',
		].sort(),
	);
	for (const option of options.filter(
		(option) =>
			option.name.startsWith('max') ||
			option.name === 'timeoutSeconds' ||
			option.name === 'acceptCompressed',
	))
		expect(option.displayOptions).toEqual({ show: { '/downloadDocuments': [true] } });
});
