/**
 * A batch of 100 items with 401/403/404/409/423/429/500/503 at seeded random
 * positions, some transient (fail once) and some lasting, for each node, with
 * "continue on error" on and off. Every item must be accounted for, retries stay
 * within Max Retries, 4xx other than 423/429 are never retried, and no secret
 * shows anywhere. IDV_FAULT_SEED=<n> replays another layout.
 */
import nock from 'nock';

import {
	FAKE_SOCURE_CREDENTIAL,
	FAKE_UNIT21_CREDENTIAL,
	FAKE_VERIFIK_CREDENTIAL,
	TEST_CREDENTIALS,
} from '../fixtures/credentials';
import { seededRandom } from '../fixtures/random';
import { fakeJpeg, socureDocumentsZip } from '../fixtures/zip';
import {
	type InputItem,
	type NodeUnderTest,
	runChain,
	useOfflineHttp,
	type WorkflowResult,
} from '../harness/engine';
import { expectNoSecretIn } from '../harness/secrets';

const BATCH = 100;
const MAX_RETRIES = 2;
const STATUSES = [401, 403, 404, 409, 423, 429, 500, 503];
const RETRIED = new Set([423, 429, 500, 503]);
/** An upload may have been processed after a 500: only answers that say it was not (503 here comes with Retry-After) resend it. */
const RETRIED_UPLOAD = new Set([423, 429, 503]);
// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
const SEED = Number(process.env.IDV_FAULT_SEED ?? 20261122);

useOfflineHttp(nock);

interface Fault {
	status: number;
	/** Fails on the first attempt only (a retry then succeeds), or on every attempt. */
	lasting: boolean;
}

/** Each status three times at distinct random positions; retried statuses are transient half the time. */
function faultLayout(seed: number): Map<number, Fault> {
	const random = seededRandom(seed);
	const layout = new Map<number, Fault>();
	for (const status of [...STATUSES, ...STATUSES, ...STATUSES]) {
		let position: number;
		do position = Math.floor(random() * BATCH);
		while (layout.has(position));
		layout.set(position, { status, lasting: !RETRIED.has(status) || random() < 0.5 });
	}
	return layout;
}

interface Service {
	name: string;
	host: string;
	path: RegExp;
	method: 'get' | 'put';
	idFor: (index: number) => string;
	input: (id: string) => InputItem;
	node: NodeUnderTest;
	success: (id: string) => [number, string | Buffer, Record<string, string>];
	/** The ID an output item answers for. */
	outputId: (json: Record<string, unknown>) => unknown;
	/** Statuses resent; RETRIED unless the request changes something. */
	retried?: Set<number>;
}

const SERVICES: Service[] = [
	{
		name: 'Socure RiskOS download',
		host: 'https://riskos.sandbox.socure.com',
		path: /^\/api\/evaluation\/([^/]+)\/documents$/,
		method: 'get',
		idFor: (index) => `a0000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
		input: (id) => ({ json: { id } }),
		node: {
			name: 'Node',
			type: 'socureRiskOs',
			parameters: {
				evaluationId: '={{ $json.id }}',
				output: 'zip',
				options: { maxRetries: MAX_RETRIES },
			},
		},
		success: (id) => [200, socureDocumentsZip(id).archive, { 'Content-Type': 'application/zip' }],
		outputId: (json) => json.evaluationId,
	},
	{
		name: 'Verifik get',
		host: 'https://api.verifik.co',
		path: /^\/v2\/document-liveness\/([^/?]+)$/,
		method: 'get',
		idFor: (index) => `dl_${index}`,
		input: (id) => ({ json: { id } }),
		node: {
			name: 'Node',
			type: 'verifik',
			parameters: {
				resource: 'documentLiveness',
				operation: 'get',
				documentLivenessId: '={{ $json.id }}',
				options: { maxRetries: MAX_RETRIES },
			},
		},
		success: (id) => [
			200,
			JSON.stringify({ success: true, data: { _id: id, status: 'completed' } }),
			{ 'Content-Type': 'application/json' },
		],
		outputId: (json) => json._id,
	},
	{
		name: 'Unit21 add media',
		host: 'https://sandbox1-api.unit21.com',
		path: /^\/v1\/acme_bank\/entities\/([^/]+)\/link-media$/,
		method: 'put',
		idFor: (index) => `entity-${index}`,
		input: (id) => ({
			json: { id },
			binary: {
				data: { content: fakeJpeg(id, 256), fileName: `${id}.jpg`, mimeType: 'image/jpeg' },
			},
		}),
		node: {
			name: 'Node',
			type: 'unit21',
			parameters: { entityId: '={{ $json.id }}', options: { maxRetries: MAX_RETRIES } },
		},
		success: () => [200, '{}', { 'Content-Type': 'application/json' }],
		outputId: (json) => json.objectId,
		retried: RETRIED_UPLOAD,
	},
];

/** Answers each ID by the layout, counting attempts per ID. */
function serve(service: Service, layout: Map<number, Fault>) {
	const attempts = new Map<string, number>();
	const indexOf = new Map(
		Array.from({ length: BATCH }, (_, index) => [service.idFor(index), index]),
	);
	nock(service.host)
		.intercept(service.path, service.method.toUpperCase())
		.times(BATCH * (MAX_RETRIES + 1))
		.reply((path) => {
			const id = decodeURIComponent(service.path.exec(path)?.[1] ?? '');
			const attempt = (attempts.get(id) ?? 0) + 1;
			attempts.set(id, attempt);
			const fault = layout.get(indexOf.get(id) ?? -1);
			if (!fault || (!fault.lasting && attempt > 1)) return service.success(id);
			// Waits the services would ask for, shortened so the batch runs in seconds.
			const headers: Record<string, string> = { 'Content-Type': 'application/json' };
			if (fault.status === 429 || fault.status === 503) headers['Retry-After'] = '0';
			return [fault.status, JSON.stringify({ message: `planned ${fault.status}` }), headers];
		});
	return attempts;
}

/** Lasting faults, and for uploads a one-off 500 too (it is not resent). */
function failsForGood(service: Service, fault: Fault | undefined): boolean {
	return !!fault && (fault.lasting || !(service.retried ?? RETRIED).has(fault.status));
}

function expectedAttempts(service: Service, fault: Fault | undefined): number {
	if (!fault) return 1;
	if (!(service.retried ?? RETRIED).has(fault.status)) return 1;
	return fault.lasting ? MAX_RETRIES + 1 : 2;
}

async function runBatch(service: Service, continueOnFail: boolean): Promise<WorkflowResult> {
	return await runChain({
		input: Array.from({ length: BATCH }, (_, index) => service.input(service.idFor(index))),
		nodes: [{ ...service.node, continueOnFail }],
		credentials: TEST_CREDENTIALS,
	});
}

const expectNoSecret = (result: WorkflowResult) =>
	expectNoSecretIn(result, [
		FAKE_SOCURE_CREDENTIAL,
		FAKE_VERIFIK_CREDENTIAL,
		FAKE_UNIT21_CREDENTIAL,
	]);

const layout = faultLayout(SEED);
const failuresFor = (service: Service) =>
	[...layout.entries()]
		.filter(([, fault]) => failsForGood(service, fault))
		.map(([index]) => index)
		.sort((a, b) => a - b);

describe.each(SERVICES)(`$name: 100 items, faults at seed ${SEED}`, (service) => {
	test('with continue on error, every item yields one output item, in order, paired, worded', async () => {
		const attempts = serve(service, layout);
		const result = await runBatch(service, true);
		expect(result.error).toBeUndefined();
		const items = result.output('Node');
		expect(items).toHaveLength(BATCH);
		for (const [index, item] of items.entries()) {
			const fault = layout.get(index);
			const id = service.idFor(index);
			expect(item.pairedItem).toEqual({ item: index });
			expect(attempts.get(id)).toBe(expectedAttempts(service, fault));
			if (failsForGood(service, fault)) {
				expect(item.json.httpCode).toBe(String(fault?.status));
				expect(item.json.error).toMatch(new RegExp(`\\(item ${index}\\)$`));
			} else {
				expect(item.json.error).toBeUndefined();
				expect(service.outputId(item.json)).toBe(id);
			}
		}
		expectNoSecret(result);
	});

	test('without it, the run stops with an error naming the first failing item', async () => {
		serve(service, layout);
		const result = await runBatch(service, false);
		const first = failuresFor(service)[0];
		expect(result.error?.message).toMatch(new RegExp(`\\(item ${first}\\)$`));
		expect(result.error?.httpCode).toBe(String(layout.get(first)?.status));
		expect(result.error?.description).toBeTruthy();
		expectNoSecret(result);
	});
});
