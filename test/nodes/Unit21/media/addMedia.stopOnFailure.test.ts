/**
 * A failing item stops the run from starting more uploads (issue 21, "Nothing written
 * twice"): what was in flight finishes, and the error says which items were linked.
 */
import nock from 'nock';

import { FAKE_UNIT21_CREDENTIAL } from '../../../fixtures/credentials';
import { useOfflineHttp, type InputItem } from '../../../harness/engine';
import {
	ITEMS,
	JSON_HEADERS,
	expectEveryItemSentAndPaired,
	expectNothingStartedAfterItem0,
	expectFourInFlightNoneAfter,
	failItem0WhileInFlight,
	stoppedAfterItems1To3,
} from '../../../fixtures/stopOnFailure';
import { fakeJpeg } from '../../../fixtures/zip';
import { UNIT21_API as API, runUnit21 } from '../../../fixtures/unit21';

useOfflineHttp(nock);

const input: InputItem[] = Array.from({ length: ITEMS }, (_, index) => ({
	json: { entityId: `e-${index}` },
	binary: {
		data: {
			content: fakeJpeg(`front-${index}`),
			fileName: `front-${index}.jpg`,
			mimeType: 'image/jpeg',
		},
	},
}));

/**
 * Item 0's entity does not exist (404). The server answers it once `answerFailureAfter`
 * uploads have arrived (or 3 s passed), and the others `holdMs` after they arrive, so the
 * uploads in flight when item 0 fails are the ones that arrived before its answer.
 */
function serveWithItem0Missing(answerFailureAfter: number, holdMs = 300) {
	const server = failItem0WhileInFlight({
		itemOf: (path) => Number(/e-(\d+)/.exec(path)?.[1]),
		refusal: () => [404, JSON.stringify({ error_code: 'entity_not_found' }), JSON_HEADERS],
		answer: () => [200, '{}', JSON_HEADERS],
		inFlight: answerFailureAfter,
		holdMs,
	});
	nock(API)
		.put(/\/entities\/e-\d+\/link-media$/)
		.times(ITEMS)
		.reply(server.reply);
	return server;
}

const run = (concurrency: number, continueOnFail = false) =>
	runUnit21(
		{
			resource: 'entity',
			operation: 'addMedia',
			entityId: '={{ $json.entityId }}',
			options: { concurrency },
		},
		{ input, continueOnFail },
	);

const failureMessage =
	'Entity "e-0" does not exist for org "acme_bank" in the "sandbox1" environment (HTTP 404) (item 0)';

test('Concurrency 1: after item 0 fails, item 1 is never sent', async () => {
	const server = serveWithItem0Missing(1);
	const result = await run(1);
	expect(result.error?.message).toBe(failureMessage);
	expect(server.arrived).toEqual([0]);
	// The cause and fix keep their wording; nothing was done besides the failure.
	expect(result.error?.description).toMatch(/^Use your own entity ID/);
	expectNothingStartedAfterItem0(result, 'Unit21');
});

test('Concurrency 4: the uploads in flight finish, and the error lists them with their entity and file', async () => {
	const server = serveWithItem0Missing(4);
	const result = await run(4);
	expect(result.error?.message).toBe(failureMessage);
	expectFourInFlightNoneAfter(server);
	expect(result.error?.description).toBe(
		'Use your own entity ID (the one you sent to Unit21), and check the organization name and environment in the credential. Unit21 said: "entity_not_found".' +
			stoppedAfterItems1To3((index) => `entity e-${index}: front-${index}.jpg`),
	);
	expect(JSON.stringify(result.run.data.resultData)).not.toContain(FAKE_UNIT21_CREDENTIAL);
});

test('continue on error: every item is uploaded and yields its own output item, paired', async () => {
	const server = serveWithItem0Missing(1, 10);
	const result = await run(1, true);
	expectEveryItemSentAndPaired(server, result, 'Unit21');
	const items = result.output('Unit21');
	expect(items[0].json.error).toBe(failureMessage);
	expect(items.slice(1).map((item) => item.json.objectId)).toEqual(
		input.slice(1).map((_, index) => `e-${index + 1}`),
	);
});
