import { createHmac } from 'crypto';

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
