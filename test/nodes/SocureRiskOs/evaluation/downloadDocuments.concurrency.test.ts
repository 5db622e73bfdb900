import nock from 'nock';
import { sleep } from 'n8n-workflow';

import { runChain, useOfflineHttp } from '../../../harness/engine';
import { TEST_CREDENTIALS } from '../../../fixtures/credentials';
import { socureDocumentsZip } from '../../../fixtures/zip';

const HOST = 'https://riskos.sandbox.socure.com';
const ids = Array.from(
	{ length: 8 },
	(_, index) => `${String(index + 1).repeat(8)}-1111-4111-8111-111111111111`,
);

useOfflineHttp(nock);

/** Serves every evaluation, later ones faster, recording how many requests overlap. */
function serveAll(
	options: { delayFor?: (index: number) => number; failFirstWith429?: number } = {},
) {
	let inFlight = 0;
	let peak = 0;
	const arrivals: Array<{ index: number; at: number }> = [];
	let limited = false;
	nock(HOST)
		.get(/\/api\/evaluation\/[^/]+\/documents$/)
		.times(ids.length + 1)
		.reply(async function (path) {
			const index = ids.findIndex((id) => path.includes(id));
			arrivals.push({ index, at: Date.now() });
			if (options.failFirstWith429 !== undefined && index === 0 && !limited) {
				limited = true;
				return [
					429,
					JSON.stringify({ message: 'Too Many Requests' }),
					{ 'Retry-After': String(options.failFirstWith429) },
				];
			}
			inFlight++;
			peak = Math.max(peak, inFlight);
			await sleep(options.delayFor?.(index) ?? 0);
			inFlight--;
			return [200, socureDocumentsZip(ids[index]).archive, { 'Content-Type': 'application/zip' }];
		});
	return { arrivals, peak: () => peak };
}

async function run(options: Record<string, unknown>) {
	return await runChain({
		input: ids.map((evalId) => ({ json: { evalId } })),
		nodes: [
			{
				name: 'Socure',
				type: 'socureRiskOs',
				parameters: { evaluationId: '={{ $json.evalId }}', output: 'zip', options },
			},
		],
		credentials: TEST_CREDENTIALS,
	});
}

test('concurrent downloads keep output order and pairing, with at most Concurrency in flight', async () => {
	// Long enough that the first three overlap even on a loaded machine.
	const server = serveAll({ delayFor: (index) => (ids.length - index) * 60 });
	const result = await run({ concurrency: 3 });
	expect(result.error).toBeUndefined();
	const items = result.output('Socure');
	expect(items.map((item) => item.json.evaluationId)).toEqual(ids);
	expect(items.map((item) => item.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	expect(server.peak()).toBe(3);
});

test('concurrency 1 sends strictly one request after another', async () => {
	const server = serveAll({ delayFor: () => 5 });
	const result = await run({ concurrency: 1 });
	expect(result.output('Socure').map((item) => item.json.evaluationId)).toEqual(ids);
	expect(server.peak()).toBe(1);
	expect(server.arrivals.map((arrival) => arrival.index)).toEqual(ids.map((_, index) => index));
});

test('Max Requests per Second spaces the requests', async () => {
	const server = serveAll();
	await run({ concurrency: 4, requestsPerSecond: 20 });
	const times = server.arrivals.map((arrival) => arrival.at).sort((a, b) => a - b);
	// 8 requests at 20/s leave at least 7 × 50 ms apart in all; unpaced they would arrive
	// within a few ms. The margin absorbs the first request's connection set-up.
	expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(7 * 50 - 30);
});

test('a 429 on one item pauses the whole run: no request starts before Retry-After has passed', async () => {
	const server = serveAll({ failFirstWith429: 1, delayFor: () => 100 });
	const result = await run({ concurrency: 2 });
	expect(result.error).toBeUndefined();
	expect(result.output('Socure').map((item) => item.json.evaluationId)).toEqual(ids);
	// Items 0 and 1 start together; item 0 gets the 429. Item 1 finishes during the pause,
	// yet neither item 0's retry nor item 2 may start until the second has passed.
	const limitedAt = server.arrivals[0].at;
	expect(server.arrivals[0].index).toBe(0);
	const afterPause = server.arrivals.slice(2);
	expect(afterPause.length).toBe(ids.length - 1);
	expect(afterPause.every((arrival) => arrival.at - limitedAt >= 990)).toBe(true);
});
