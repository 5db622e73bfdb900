/**
 * The entity operations against the simulator (sim/server.js) over real sockets: an
 * entity created, its media added twice (two copies, as Unit21 keeps), deleted, added
 * again; the simulator's strict mode answering 404 for entities never created, as Unit21.
 */
import nock from 'nock';

import { createSimulator, SECRETS, type Simulator } from '../../../../sim/server';
import { fakeJpeg } from '../../../fixtures/zip';
import { cleanUpBinaryData, type NodeUnderTest, runChain } from '../../../harness/engine';

let sim: Simulator;
let strictSim: Simulator;

beforeAll(async () => {
	nock.enableNetConnect('127.0.0.1');
	[sim, strictSim] = await Promise.all([
		createSimulator(),
		createSimulator({ requireEntities: true }),
	]);
});
afterAll(async () => {
	nock.enableNetConnect();
	await Promise.all([sim.close(), strictSim.close()]);
	cleanUpBinaryData();
});

function credentialsFor(simulator: Simulator) {
	return {
		unit21Api: {
			environment: 'custom',
			baseUrl: `${simulator.url}/unit21`,
			orgName: SECRETS.unit21Org,
			apiKey: SECRETS.unit21,
		},
	};
}

const jpeg = fakeJpeg('front');
const withFile = {
	binary: { data: { content: jpeg, fileName: 'front.jpg', mimeType: 'image/jpeg' } },
};

const unit21 = (name: string, parameters: Record<string, unknown>): NodeUnderTest => ({
	name,
	type: 'unit21',
	parameters: { resource: 'entity', ...parameters },
});

async function run(nodes: NodeUnderTest[], simulator = sim, input = [withFile]) {
	return await runChain({ input, nodes, credentials: credentialsFor(simulator) });
}

const create = (entityId: string, parameters: Record<string, unknown> = {}) =>
	unit21('Create', { operation: 'createOrUpdate', entityId, ...parameters });
const addMedia = (entityId: string) =>
	unit21('Add media', { operation: 'addMedia', entityId, mediaType: 'IMAGE_ID_CARD_FRONT' });
const deleteAllMedia = (entityId: string) =>
	unit21('Delete all media', { operation: 'deleteAllMedia', entityId });

describe('a re-sync: link-media adds, delete-all-media clears', () => {
	test('created, media added twice (two copies), deleted, added again (one copy)', async () => {
		const created = await run([
			create('customer-7', {
				userData: { firstName: 'Jane', lastName: 'Doe' },
				riskScores: { riskScore: [{ name: 'socure_riskos_score', score: 91, denominator: 100 }] },
				customData: '{"socure_decision": "REJECT"}',
			}),
		]);
		expect(created.error).toBeUndefined();
		expect(created.output('Create')[0].json).toEqual({ entity_id: 'customer-7' });
		expect(sim.state.entities['customer-7']).toMatchObject({
			created: true,
			data: {
				general_data: { entity_id: 'customer-7', entity_type: 'user' },
				user_data: { first_name: 'Jane', last_name: 'Doe' },
				risk_scores: [{ name: 'socure_riskos_score', score: 91, denominator: 100 }],
				custom_data: { socure_decision: 'REJECT' },
			},
		});

		await run([addMedia('customer-7')]);
		await run([addMedia('customer-7')]);
		const media = () => sim.state.entities['customer-7'].media.map((file) => file.fileName);
		expect(media()).toEqual(['front.jpg', 'front.jpg']);

		const replaced = await run([deleteAllMedia('customer-7'), addMedia('customer-7')]);
		expect(replaced.error).toBeUndefined();
		expect(replaced.output('Delete all media')[0].json).toEqual({
			entityId: 'customer-7',
			deleted: true,
		});
		expect(media()).toEqual(['front.jpg']);
	});

	test('custom data merged by default, replaced with Merge Custom Data off; an identical upsert ignored', async () => {
		await run([create('customer-8', { customData: '{"a": 1, "b": 1}' })]);
		await run([create('customer-8', { customData: '{"b": 2}' })]);
		expect(sim.state.entities['customer-8'].data.custom_data).toEqual({ a: 1, b: 2 });
		const ignoredBefore = sim.state.counts.ignoredCreates ?? 0;
		await run([create('customer-8', { customData: '{"b": 2}' })]);
		expect(sim.state.counts.ignoredCreates).toBe(ignoredBefore + 1);
		await run([
			create('customer-8', { customData: '{"c": 3}', options: { mergeCustomData: false } }),
		]);
		expect(sim.state.entities['customer-8'].data.custom_data).toEqual({ c: 3 });
	});

	test('Upsert on Conflict off: an existing entity answers 409, worded', async () => {
		await run([create('customer-9')]);
		const result = await run([create('customer-9', { options: { upsertOnConflict: false } })]);
		expect(result.error?.message).toBe(
			'Entity "customer-9" already exists in Unit21, and Upsert on Conflict is off (HTTP 409) (item 0)',
		);
	});

	test("a body Unit21 refuses: 400 with the simulator's reason", async () => {
		const result = await run([
			create('customer-10', {
				additionalFields: {
					otherFields:
						'{"document_data": [{"document_id": "D1", "document_type": "passport", "issued_at": "2019"}]}',
				},
			}),
		]);
		expect(result.error?.message).toBe(
			'Unit21 refused entity "customer-10" (HTTP 400): document_data[0].issued_at must be an integer (epoch seconds) (item 0)',
		);
	});
});

describe('busy and failing creates', () => {
	test('423 once: retried, then created', async () => {
		const result = await run([create('locked-once')]);
		expect(result.error).toBeUndefined();
		expect(sim.state.attempts['locked-once']).toBe(2);
		expect(sim.state.entities['locked-once'].created).toBe(true);
	});

	test('saved, then 500: the upsert is resent and Unit21 ignores the identical request', async () => {
		const ignoredBefore = sim.state.counts.ignoredCreates ?? 0;
		const result = await run([create('saved-then-500', { customData: '{"x": 1}' })]);
		expect(result.error).toBeUndefined();
		expect(sim.state.attempts['saved-then-500']).toBe(2);
		expect(sim.state.counts.ignoredCreates).toBe(ignoredBefore + 1);
	});

	test('500 on a strict create: sent once, the outcome reported as unknown', async () => {
		const result = await run([create('server-error', { options: { upsertOnConflict: false } })]);
		expect(sim.state.attempts['server-error']).toBe(1);
		expect(result.error?.description).toMatch(/may have processed it; it was not sent again/);
	});
});

describe('strict simulator: entities must exist, as in Unit21', () => {
	test('link-media and delete-all-media answer 404 for an entity never created; after Create or Update both work', async () => {
		const linked = await run([addMedia('new-customer')], strictSim);
		expect(linked.error?.message).toBe(
			'Entity "new-customer" does not exist for org "sim_org" in the "custom" environment (HTTP 404) (item 0)',
		);
		const deleted = await run([deleteAllMedia('new-customer')], strictSim);
		expect(deleted.error?.message).toBe(
			'Entity "new-customer" does not exist for org "sim_org" in the "custom" environment (HTTP 404) (item 0)',
		);

		// Each entity operation passes the input's files on: one chain creates, clears and adds.
		const flow = await run(
			[create('new-customer'), deleteAllMedia('new-customer'), addMedia('new-customer')],
			strictSim,
		);
		expect(flow.error).toBeUndefined();
		expect(strictSim.state.entities['new-customer'].media.map((file) => file.fileName)).toEqual([
			'front.jpg',
		]);
	});
});
