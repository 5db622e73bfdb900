// End-to-end: the Socure RiskOS Trigger and the Unit21 Trigger in a real n8n server,
// activated, with the simulator delivering events to their production URLs as RiskOS
// and Unit21 do, with and without the right credential or signature.
'use strict';

const crypto = require('crypto');

const { sendRiskOsEvent, sendUnit21Webhook, SECRETS } = require('../sim/server');
const { documentFiles } = require('../sim/documents');
const {
	startWithSimulator,
	loadExamples,
	activateWorkflow,
	setUpOwner,
	unit21AlertCreated,
} = require('../tools/n8n/real-n8n');

const { GOOD_EVAL, sha } = require('./common');
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const examples = Object.fromEntries(loadExamples().map(({ workflow }) => [workflow.id, workflow]));
const RISKOS = examples.idvExample08;
const UNIT21 = examples.idvExample09;

let sim;
let n8n;
let server;
let owner = '';
const port = 16100 + (process.pid % 200);
const base = `http://127.0.0.1:${port}`;
const urlOf = (workflow) => `${base}/webhook/${workflow.nodes[0].webhookId}/webhook`;

async function executionCount() {
	const response = await fetch(`${base}/rest/executions?limit=100`, { headers: { cookie: owner } });
	expect(response.ok).toBe(true);
	const { data } = await response.json();
	// A count, not the page's length: a page of 100 could hide an execution started by mistake.
	expect(typeof data.count).toBe('number');
	return data.count;
}

/** Waits until the simulated Unit21 has `count` uploads more than `before`, or a few seconds passed. */
async function uploadsAfter(before, count) {
	for (let wait = 0; wait < 60 && sim.received.length - before < count; wait++) await pause(250);
	return sim.received.slice(before);
}

/** Executions finish after the webhook answered: wait until the count settles. */
async function settledExecutionCount() {
	let previous = -1;
	let current = await executionCount();
	for (let round = 0; round < 20 && current !== previous; round++) {
		await pause(500);
		previous = current;
		current = await executionCount();
	}
	return current;
}

function expectDocuments(uploads, objectType, objectId) {
	const originals = new Map(
		documentFiles(GOOD_EVAL).map(([zipPath, content]) => [zipPath.split('/').pop(), content]),
	);
	const files = uploads.flatMap((upload) =>
		upload.files.map((file) => ({
			...file,
			objectType: upload.objectType,
			objectId: upload.objectId,
		})),
	);
	expect(
		files.map((file) => [file.objectType, file.objectId, file.fileName, file.mediaType]).sort(),
	).toEqual(
		[
			[objectType, objectId, 'Doc_Selfie_1_blob.jpg', 'IMAGE_FACE_IMAGE'],
			[objectType, objectId, 'additional_doc.pdf', undefined],
			[objectType, objectId, 'documentbackDoc_Back_1_blob.jpg', 'IMAGE_ID_CARD_BACK'],
			[objectType, objectId, 'documentfrontDoc_Front_1_blob.jpg', 'IMAGE_ID_CARD_FRONT'],
			[objectType, objectId, 'identity.pdf', undefined],
		].sort(),
	);
	for (const file of files)
		expect(sha(Buffer.from(file.base64, 'base64'))).toBe(sha(originals.get(file.fileName)));
}

beforeAll(
	async () => {
		({ sim, n8n } = await startWithSimulator({ workflows: [RISKOS, UNIT21] }));
		for (const workflow of [RISKOS, UNIT21]) await activateWorkflow(n8n, workflow.id);
		server = await n8n.start(port);
		const setup = await setUpOwner(base);
		expect(setup.ok).toBe(true);
		owner = setup.cookie;
		// A fresh production webhook may answer 404 for about a second after activation.
		for (const workflow of [RISKOS, UNIT21]) {
			for (let attempt = 0; attempt < 40; attempt++) {
				const probe = await fetch(urlOf(workflow), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: '{}',
				});
				if (probe.status !== 404) break;
				await pause(500);
			}
		}
	},
	30 * 60 * 1000,
);

afterAll(async () => {
	await server?.stop();
	await sim?.close();
});

describe('Socure RiskOS Trigger → Unit21 (example 8)', () => {
	test('without the Bearer token, or with a wrong one: 401, no execution, nothing uploaded', async () => {
		const executions = await settledExecutionCount();
		const before = sim.received.length;
		const data = { eval_id: GOOD_EVAL, customer_user_id: 'customer-2002' };
		for (const authorization of [
			null,
			'Bearer 00000000-0000-4000-8000-000000000000',
			`Basic ${SECRETS.riskosWebhookToken}`,
		]) {
			const response = await sendRiskOsEvent(urlOf(RISKOS), { data, authorization });
			expect(response.status).toBe(401);
		}
		await pause(1500);
		expect(sim.received.length).toBe(before);
		expect(await settledExecutionCount()).toBe(executions);
	});

	test('with the token: 200 at once, then every document reaches the Unit21 entity, byte for byte', async () => {
		const before = sim.received.length;
		const response = await sendRiskOsEvent(urlOf(RISKOS), {
			eventId: 'evt-e2e-1',
			data: { eval_id: GOOD_EVAL, customer_user_id: 'customer-2002' },
		});
		expect(response.status).toBe(200);
		expectDocuments(await uploadsAfter(before, 5), 'entity', 'customer-2002');
	});

	test('the same event_id again: 200, no second upload', async () => {
		await settledExecutionCount();
		const before = sim.received.length;
		const response = await sendRiskOsEvent(urlOf(RISKOS), {
			eventId: 'evt-e2e-1',
			data: { eval_id: GOOD_EVAL, customer_user_id: 'customer-2002' },
		});
		expect(response.status).toBe(200);
		expect(JSON.parse(response.body).message).toMatch(/already received/);
		await pause(2000);
		expect(sim.received.length).toBe(before);
	});

	test('four events delivered at once are all remembered: a later retry of each starts nothing', async () => {
		const executions = await settledExecutionCount();
		// No eval_id: nothing to download, each execution ends quickly (the upload has no file).
		const eventIds = [1, 2, 3, 4].map((index) => `evt-e2e-concurrent-${index}-${Date.now()}`);
		const first = await Promise.all(
			eventIds.map(
				async (eventId) =>
					await sendRiskOsEvent(urlOf(RISKOS), { eventId, data: { case_id: eventId } }),
			),
		);
		expect(first.map((response) => response.status)).toEqual([200, 200, 200, 200]);
		expect(await settledExecutionCount()).toBe(executions + 4);
		for (const eventId of eventIds) {
			const retry = await sendRiskOsEvent(urlOf(RISKOS), { eventId, data: { case_id: eventId } });
			expect(retry.status).toBe(200);
			expect(JSON.parse(retry.body).message).toBe(`Event ${eventId} was already received; ignored`);
		}
		expect(await settledExecutionCount()).toBe(executions + 4);
	});

	test('an event type not selected: 200 and no execution', async () => {
		const executions = await settledExecutionCount();
		const response = await sendRiskOsEvent(urlOf(RISKOS), {
			eventType: 'case_notes_added',
			data: { case_id: 'c-1' },
		});
		expect(response.status).toBe(200);
		expect(await settledExecutionCount()).toBe(executions);
	});
});

describe('Unit21 Trigger (ALERT_CREATED) → Socure documents → the alert (example 9)', () => {
	const alert = unit21AlertCreated('E2E alert', GOOD_EVAL);

	test('unsigned, wrongly signed, tampered or stale deliveries: 401, no execution', async () => {
		const executions = await settledExecutionCount();
		const before = sim.received.length;
		const body = JSON.stringify(alert);
		const refused = [
			await sendUnit21Webhook(urlOf(UNIT21), body, { secret: null }),
			await sendUnit21Webhook(urlOf(UNIT21), body, { secret: 'notTheKey00000000000' }),
			await sendUnit21Webhook(urlOf(UNIT21), body, {
				timestamp: Math.floor(Date.now() / 1000) - 600,
			}),
		];
		// Tampered: signed for one body, another sent.
		const signature = crypto
			.createHmac('sha256', SECRETS.unit21WebhookKey)
			.update(`${Math.floor(Date.now() / 1000)}.${body}`)
			.digest('hex');
		const tampered = await fetch(urlOf(UNIT21), {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'unit21-signature': `t=${Math.floor(Date.now() / 1000)},s0=${signature}`,
			},
			body: body.replace('"OPEN"', '"CLOSED"'),
		});
		expect([...refused.map((response) => response.status), tampered.status]).toEqual([
			401, 401, 401, 401,
		]);
		await pause(1500);
		expect(sim.received.length).toBe(before);
		expect(await settledExecutionCount()).toBe(executions);
	});

	test("a signed ALERT_CREATED: each entity's evaluation documents are added to the alert", async () => {
		const before = sim.received.length;
		// Unit21's own spacing: the signature covers these exact bytes.
		const response = await sendUnit21Webhook(urlOf(UNIT21), JSON.stringify(alert, null, 1));
		expect(response.status).toBe(200);
		expectDocuments(await uploadsAfter(before, 5), 'alert', '7001');
	});

	test('the same signed delivery replayed (one after another, then five at once): one execution', async () => {
		const executions = await settledExecutionCount();
		const before = sim.received.length;
		const body = JSON.stringify({ ...alert, unit21_id: 7002 }, null, 1);
		const timestamp = Math.floor(Date.now() / 1000);
		const signed = await sendUnit21Webhook(urlOf(UNIT21), body, { timestamp });
		expect(signed.status).toBe(200);
		expectDocuments(await uploadsAfter(before, 5), 'alert', '7002');
		const replays = [
			await sendUnit21Webhook(urlOf(UNIT21), body, { timestamp }),
			...(await Promise.all(
				[1, 2, 3, 4, 5].map(
					async () => await sendUnit21Webhook(urlOf(UNIT21), body, { timestamp }),
				),
			)),
		];
		for (const replay of replays) {
			expect(replay.status).toBe(200);
			expect(JSON.parse(replay.body).message).toBe(
				'This signed delivery was already received; ignored',
			);
		}
		expect(await settledExecutionCount()).toBe(executions + 1);
		expect(sim.received.length).toBe(before + 5);
	});

	test('a signed event that is not selected (ALERT_CLOSED): 200 and no execution', async () => {
		const executions = await settledExecutionCount();
		const response = await sendUnit21Webhook(urlOf(UNIT21), { ...alert, change: 'CLOSED' });
		expect(response.status).toBe(200);
		expect(await settledExecutionCount()).toBe(executions);
	});
});
