/**
 * A failing item stops the run from creating more checks (issue 21, "Nothing written
 * twice"): what was in flight finishes, and the error gives the IDs of the checks created.
 */
import nock from 'nock';

import { FAKE_VERIFIK_CREDENTIAL } from '../../../fixtures/credentials';
import { useOfflineHttp, type InputItem } from '../../../harness/engine';
import {
	ITEMS,
	expectEveryItemSentAndPaired,
	expectNothingStartedAfterItem0,
	expectFourInFlightNoneAfter,
	failItem0WhileInFlight,
} from '../../../fixtures/stopOnFailure';
import { VERIFIK_API as API, runVerifik } from '../../../fixtures/verifik';
import { fakeJpeg } from '../../../fixtures/zip';

useOfflineHttp(nock);

const images = Array.from({ length: ITEMS }, (_, index) => fakeJpeg(`document-${index}`));
const input: InputItem[] = images.map((content, index) => ({
	json: {},
	binary: { data: { content, fileName: `document-${index}.jpg`, mimeType: 'image/jpeg' } },
}));

/**
 * Item 0's image gets a 404. The server answers it once `answerFailureAfter` creates have
 * arrived (or 3 s passed), and creates the others' checks (dl_<item>) `holdMs` after they
 * arrive, so the creates in flight when item 0 fails are the ones that arrived before its answer.
 */
function serveWithItem0Failing(answerFailureAfter: number, holdMs = 300) {
	const server = failItem0WhileInFlight({
		itemOf: (_path, body) => {
			const image = (body as { image: string }).image;
			return images.findIndex((content) => content.toString('base64') === image);
		},
		refusal: () => [404, { error: 'Not found' }],
		answer: (index) => [200, { success: true, data: { _id: `dl_${index}`, status: 'completed' } }],
		inFlight: answerFailureAfter,
		holdMs,
	});
	nock(API).post('/v2/document-liveness').times(ITEMS).reply(server.reply);
	return server;
}

const run = (concurrency: number, continueOnFail = false) =>
	runVerifik({ operation: 'create', options: { concurrency } }, { input, continueOnFail });

test('Concurrency 1: after item 0 fails, no other check is created', async () => {
	const server = serveWithItem0Failing(1);
	const result = await run(1);
	expect(result.error?.message).toMatch(/\(HTTP 404\) \(item 0\)$/);
	expect(server.arrived).toEqual([0]);
	expectNothingStartedAfterItem0(result, 'Verifik');
});

test('Concurrency 4: the creates in flight finish, and the error gives the IDs of the checks created', async () => {
	const server = serveWithItem0Failing(4);
	const result = await run(4);
	expect(result.error?.message).toMatch(/\(HTTP 404\) \(item 0\)$/);
	expectFourInFlightNoneAfter(server);
	expect(result.error?.description).toContain(
		'\n\nThe run stopped at this failure: items 4 to 7 were not started. ' +
			'Already done before the run stopped: item 1 (document liveness dl_1), item 2 (document liveness dl_2), item 3 (document liveness dl_3). ',
	);
	expect(JSON.stringify(result.run.data.resultData)).not.toContain(FAKE_VERIFIK_CREDENTIAL);
});

test('continue on error: every check is created and each item yields its own output item, paired', async () => {
	const server = serveWithItem0Failing(1, 10);
	const result = await run(1, true);
	expectEveryItemSentAndPaired(server, result, 'Verifik');
	const items = result.output('Verifik');
	expect(items[0].json.error).toMatch(/\(HTTP 404\) \(item 0\)$/);
	expect(items.slice(1).map((item) => item.json._id)).toEqual(
		input.slice(1).map((_, index) => `dl_${index + 1}`),
	);
});
