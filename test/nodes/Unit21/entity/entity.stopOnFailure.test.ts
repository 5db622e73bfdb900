/**
 * Unit21's entity writes (Create or Update, Delete All Media): a failing item stops the
 * run, what was in flight finishes, and the error names each entity already written.
 */
import nock from 'nock';

import { FAKE_UNIT21_CREDENTIAL, TEST_CREDENTIALS } from '../../../fixtures/credentials';
import {
	ITEMS,
	JSON_HEADERS,
	expectFourInFlightNoneAfter,
	failItem0WhileInFlight,
	stoppedAfterItems1To3,
} from '../../../fixtures/stopOnFailure';
import { UNIT21_API as API } from '../../../fixtures/unit21';
import { runChain, useOfflineHttp } from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';

useOfflineHttp(nock);

interface WriteCase {
	operation: string;
	method: 'PUT' | 'POST';
	path: string | RegExp;
	itemOf: (path: string, body: Record<string, unknown>) => number;
	/** Unit21's answer for a done item. */
	answer: (index: number) => Record<string, unknown>;
	done: (index: number) => string;
}

const CASES: WriteCase[] = [
	{
		operation: 'createOrUpdate',
		method: 'POST',
		path: '/v1/entities/create',
		itemOf: (_path, body) =>
			Number((body.general_data as { entity_id: string }).entity_id.slice('e-'.length)),
		// Item 3's answer does not name the entity: the ID sent is used.
		answer: (index) =>
			index === 3
				? { previously_existed: true }
				: { entity_id: `e-${index}`, previously_existed: false },
		done: (index) => `entity e-${index}`,
	},
	{
		operation: 'deleteAllMedia',
		method: 'PUT',
		path: /^\/v1\/acme_bank\/entities\/e-\d+\/delete-all-media$/,
		itemOf: (path) => Number(/e-(\d+)/.exec(path)?.[1]),
		answer: () => ({}),
		done: (index) => `media of entity e-${index} deleted`,
	},
];

/** Item 0 is refused once four requests have arrived; the others are answered 300 ms after arriving. */
function serve(writeCase: WriteCase) {
	const server = failItem0WhileInFlight({
		itemOf: (path, body) => writeCase.itemOf(path, (body || {}) as Record<string, unknown>),
		refusal: () => [
			400,
			JSON.stringify({
				error_code: 'invalid_request',
				message: `bad ${FAKE_UNIT21_CREDENTIAL}`,
			}),
			JSON_HEADERS,
		],
		answer: (index) => [200, JSON.stringify(writeCase.answer(index)), JSON_HEADERS],
	});
	nock(API).intercept(writeCase.path, writeCase.method).times(ITEMS).reply(server.reply);
	return server;
}

test.each(CASES)(
	'$operation, Concurrency 4: items 1 to 3 finish and the error names their entities',
	async (writeCase) => {
		const server = serve(writeCase);
		const result = await runChain({
			input: Array.from({ length: ITEMS }, (_, index) => ({ json: { id: ` e-${index} ` } })),
			nodes: [
				{
					name: 'Unit21',
					type: 'unit21',
					parameters: {
						resource: 'entity',
						operation: writeCase.operation,
						entityId: '={{ $json.id }}',
						options: { concurrency: 4 },
					},
				},
			],
			credentials: { unit21Api: TEST_CREDENTIALS.unit21Api },
		});
		expect(result.error?.message).toMatch(/\(item 0\)$/);
		expectFourInFlightNoneAfter(server);
		expect(result.error?.description).toContain(stoppedAfterItems1To3(writeCase.done));
		expectNoSecretIn(result, [FAKE_UNIT21_CREDENTIAL]);
	},
);
