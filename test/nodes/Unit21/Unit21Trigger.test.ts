import { createHmac } from 'crypto';
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { Unit21Trigger } from '../../../packages/unit21/nodes/Unit21/Unit21Trigger.node';

import { FAKE_UNIT21_SIGNING_CREDENTIAL } from '../../fixtures/credentials';
import { cleanUpBinaryData, webhookWorkflow, type NodeUnderTest } from '../../harness/engine';

const credentials = { unit21WebhookApi: { secretKey: FAKE_UNIT21_SIGNING_CREDENTIAL } };
const now = () => Math.floor(Date.now() / 1000);

afterAll(() => cleanUpBinaryData());

/** Unit21's documented alert body, with the spacing Unit21 sends (so re-serialised JSON would differ). */
const ALERT_BODY = `{"unit21_id": 11532778, "change": "CREATED", "alert_id": null, "alert_type": "manual", "object_type": "ALERT", "status": "OPEN", "disposition": "UNRESOLVED", "title": "Caf\\u00e9 structuring", "change_time": 1661957674, "entities": [{"entity_id": "u-65b0bfa0", "entity_type": "user", "resolution": "UNRESOLVED"}, {"entity_id": "u-77c1", "entity_type": "user", "resolution": null}, {"entity_id": "u-65b0bfa0", "entity_type": "user", "resolution": null}], "events": [{"event_id": "t-a571", "event_type": "transaction", "resolution": "UNRESOLVED"}], "triggered_by_rules": [], "tags": ["account_type:market24"], "custom_data": {"socure_eval_id": "fb1ddadc-6dba-4ce4-aa6d-25c005b192b5"}}`;

function sign(body: string, t = now(), secret = FAKE_UNIT21_SIGNING_CREDENTIAL) {
	return `t=${t},s0=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

function delivery(body: string, signature?: string) {
	return {
		headers: {
			'Content-Type': 'application/json',
			...(signature ? { 'unit21-signature': signature } : {}),
		},
		rawBody: Buffer.from(body, 'utf8'),
	};
}

function trigger(parameters: Record<string, unknown> = {}): NodeUnderTest {
	return { name: 'Unit21 Trigger', type: 'unit21Trigger', parameters };
}

test('a correctly signed delivery starts an execution: the parsed body, eventType and entityIds', async () => {
	const result = await webhookWorkflow({ trigger: trigger(), credentials }).deliver(
		delivery(ALERT_BODY, sign(ALERT_BODY)),
	);
	expect(result.answered).toEqual({ statusCode: 200, body: { message: 'Workflow was started' } });
	const items = result.execution!.output('Unit21 Trigger');
	expect(items.map((item) => item.json)).toEqual([
		{ ...JSON.parse(ALERT_BODY), eventType: 'ALERT_CREATED', entityIds: ['u-65b0bfa0', 'u-77c1'] },
	]);
	expect(items[0].json.title).toBe('Café structuring');
});

describe('refused with 401, no execution', () => {
	test.each([
		['unsigned', () => delivery(ALERT_BODY)],
		['tampered body', () => delivery(ALERT_BODY.replace('"OPEN"', '"CLOSED"'), sign(ALERT_BODY))],
		[
			're-serialised body',
			() => delivery(JSON.stringify(JSON.parse(ALERT_BODY)), sign(ALERT_BODY)),
		],
		[
			'signed with another key',
			() => delivery(ALERT_BODY, sign(ALERT_BODY, now(), 'another-key-00000000')),
		],
		['stale (6 minutes old)', () => delivery(ALERT_BODY, sign(ALERT_BODY, now() - 360))],
		[
			'from the future (6 minutes ahead)',
			() => delivery(ALERT_BODY, sign(ALERT_BODY, now() + 360)),
		],
		['malformed header', () => delivery(ALERT_BODY, 'sha256=abc')],
	])('%s', async (_case, build) => {
		const result = await webhookWorkflow({ trigger: trigger(), credentials }).deliver(build());
		expect(result.answered).toEqual({ statusCode: 401, body: { message: 'Unauthorized' } });
		expect(result.returned).toEqual({ noWebhookResponse: true });
		expect(result.execution).toBeUndefined();
	});

	test('an empty secret key in the credential refuses even a delivery "signed" with an empty key', async () => {
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: { unit21WebhookApi: { secretKey: '' } },
		}).deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now(), '')));
		expect(result.answered?.statusCode).toBe(401);
		expect(result.execution).toBeUndefined();
	});

	test('a credential n8n cannot read refuses the delivery', async () => {
		const result = await webhookWorkflow({ trigger: trigger(), credentials: {} }).deliver(
			delivery(ALERT_BODY, sign(ALERT_BODY)),
		);
		expect(result.answered).toEqual({ statusCode: 401, body: { message: 'Unauthorized' } });
		expect(result.execution).toBeUndefined();
	});
});

test('Max Delivery Age widens or narrows the replay window', async () => {
	const wide = await webhookWorkflow({
		trigger: trigger({ options: { maxAgeSeconds: 900 } }),
		credentials,
	}).deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now() - 600)));
	expect(wide.execution).toBeDefined();
	const narrow = await webhookWorkflow({
		trigger: trigger({ options: { maxAgeSeconds: 30 } }),
		credentials,
	}).deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now() - 120)));
	expect(narrow.answered?.statusCode).toBe(401);
});

test('event filter: other events get 200 and no execution; typed-in events are accepted', async () => {
	const workflow = webhookWorkflow({
		trigger: trigger({ events: ['CASE_CREATED'], otherEvents: 'alert_closed' }),
		credentials,
	});
	const ignored = await workflow.deliver(delivery(ALERT_BODY, sign(ALERT_BODY)));
	expect(ignored.answered).toEqual({
		statusCode: 200,
		body: { message: 'Event ALERT_CREATED is not selected in the trigger; ignored' },
	});
	expect(ignored.execution).toBeUndefined();
	const closed = ALERT_BODY.replace('"CREATED"', '"CLOSED"');
	expect(
		(await workflow.deliver(delivery(closed, sign(closed)))).execution?.output('Unit21 Trigger')[0]
			.json.eventType,
	).toBe('ALERT_CLOSED');
	const caseBody = JSON.stringify({
		unit21_id: 9001,
		object_type: 'CASE',
		change: 'CREATED',
		case_id: 'case-1',
		entities: [{ entity_id: 'u-1' }],
	});
	const caseItems = (await workflow.deliver(delivery(caseBody, sign(caseBody)))).execution?.output(
		'Unit21 Trigger',
	);
	expect(caseItems?.[0].json).toMatchObject({
		eventType: 'CASE_CREATED',
		case_id: 'case-1',
		entityIds: ['u-1'],
	});
});

test('a signed body that is not a JSON object gets 400 and no execution', async () => {
	const result = await webhookWorkflow({ trigger: trigger(), credentials }).deliver(
		delivery('[1,2]', sign('[1,2]')),
	);
	expect(result.answered).toEqual({ statusCode: 400, body: { message: 'Expected a JSON object' } });
	expect(result.execution).toBeUndefined();
});

test('an entity event lists the entity itself', async () => {
	const body = JSON.stringify({
		object_type: 'ENTITY',
		change: 'FLAGGED',
		entity_id: 'customer-1001',
		entity_type: 'user',
	});
	const items = (
		await webhookWorkflow({ trigger: trigger(), credentials }).deliver(delivery(body, sign(body)))
	).execution?.output('Unit21 Trigger');
	expect(items?.[0].json).toMatchObject({
		eventType: 'ENTITY_FLAGGED',
		entityIds: ['customer-1001'],
	});
});

describe('replays within the window', () => {
	test('the same signed delivery five times runs once; the repeats get 200 and start nothing', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials });
		const signed = delivery(ALERT_BODY, sign(ALERT_BODY));
		const results = [];
		for (let attempt = 0; attempt < 5; attempt++) results.push(await workflow.deliver(signed));
		expect(results.filter((result) => result.execution !== undefined)).toHaveLength(1);
		expect(results[0].execution?.output('Unit21 Trigger')).toHaveLength(1);
		for (const repeat of results.slice(1)) {
			expect(repeat.answered).toEqual({
				statusCode: 200,
				body: { message: 'This signed delivery was already received; ignored' },
			});
			expect(repeat.returned).toEqual({ noWebhookResponse: true });
		}
	});

	test('five identical deliveries at once run once', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials });
		const signed = delivery(ALERT_BODY, sign(ALERT_BODY));
		const results = await Promise.all(
			Array.from({ length: 5 }, async () => await workflow.deliver(signed)),
		);
		expect(results.filter((result) => result.execution !== undefined)).toHaveLength(1);
		expect(results.map((result) => result.answered?.statusCode)).toEqual([200, 200, 200, 200, 200]);
	});

	test('a replay with an extra signature or a zero-padded timestamp is still the same delivery', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials });
		const t = now();
		const signature = sign(ALERT_BODY, t);
		expect((await workflow.deliver(delivery(ALERT_BODY, signature))).execution).toBeDefined();
		const padded = signature.replace(`t=${t}`, `t=00${t}`);
		for (const variant of [`${signature},s0=${'ab'.repeat(32)}`, padded]) {
			const replay = await workflow.deliver(delivery(ALERT_BODY, variant));
			expect(replay.answered?.statusCode).toBe(200);
			expect(replay.execution).toBeUndefined();
		}
	});

	test('the same body signed at another time is another delivery and runs', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials });
		expect(
			(await workflow.deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now() - 5)))).execution,
		).toBeDefined();
		expect(
			(await workflow.deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now())))).execution,
		).toBeDefined();
	});

	test('a refused delivery is not remembered: the genuine one afterwards runs', async () => {
		const workflow = webhookWorkflow({ trigger: trigger(), credentials });
		const t = now();
		await workflow.deliver(delivery(ALERT_BODY, sign(ALERT_BODY, t, 'another-key-00000000')));
		expect(
			(await workflow.deliver(delivery(ALERT_BODY, sign(ALERT_BODY, t)))).execution,
		).toBeDefined();
	});
});

describe('the secret key and the window, as set', () => {
	test('a whitespace-only secret key refuses every delivery, even one signed with that whitespace', async () => {
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: { unit21WebhookApi: { secretKey: '  \n' } },
		}).deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now(), '  \n')));
		expect(result.answered).toEqual({ statusCode: 401, body: { message: 'Unauthorized' } });
		expect(result.execution).toBeUndefined();
	});

	test('a secret key pasted with a line break passes the Test and checks deliveries', async () => {
		const pasted = `${FAKE_UNIT21_SIGNING_CREDENTIAL}\n`;
		const testResult = await new Unit21Trigger().methods.credentialTest.unit21WebhookSecret.call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'Unit21 webhook', type: 'unit21WebhookApi', data: { secretKey: pasted } },
		);
		expect(testResult.status).toBe('OK');
		const result = await webhookWorkflow({
			trigger: trigger(),
			credentials: { unit21WebhookApi: { secretKey: pasted } },
		}).deliver(delivery(ALERT_BODY, sign(ALERT_BODY)));
		expect(result.execution).toBeDefined();
	});

	test('the Test refuses a whitespace-only secret key', async () => {
		const testResult = await new Unit21Trigger().methods.credentialTest.unit21WebhookSecret.call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'Unit21 webhook', type: 'unit21WebhookApi', data: { secretKey: ' \t\n' } },
		);
		expect(testResult).toEqual({
			status: 'Error',
			message: "Enter the webhook's secret key from Unit21",
		});
	});

	test('Max Delivery Age set by an expression is held to 1 day: a 10-year-old signature is refused', async () => {
		const tenYears = 10 * 365 * 86400;
		const workflow = webhookWorkflow({
			trigger: trigger({ options: { maxAgeSeconds: `={{ ${tenYears} }}` } }),
			credentials,
		});
		const old = await workflow.deliver(
			delivery(ALERT_BODY, sign(ALERT_BODY, now() - tenYears + 60)),
		);
		expect(old.answered?.statusCode).toBe(401);
		expect(old.execution).toBeUndefined();
		const withinADay = await workflow.deliver(
			delivery(ALERT_BODY, sign(ALERT_BODY, now() - 86000)),
		);
		expect(withinADay.execution).toBeDefined();
	});

	test.each([
		['0', 0],
		['a negative number', -5],
	])('Max Delivery Age of %s is held to 1 second', async (_case, maxAgeSeconds) => {
		const result = await webhookWorkflow({
			trigger: trigger({ options: { maxAgeSeconds } }),
			credentials,
		}).deliver(delivery(ALERT_BODY, sign(ALERT_BODY, now() - 60)));
		expect(result.answered?.statusCode).toBe(401);
	});
});
