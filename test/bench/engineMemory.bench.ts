/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Not a test: run by `npm run bench` (tools/bench/sections/memory.js), one scenario per process, to
 * measure the Socure node's memory inside n8n-core's engine with nothing else around
 * it (no n8n server, no nock). Prints one JSON line; asserts nothing.
 *   IDV_SIM_URL       the simulator, running in another process
 *   IDV_BENCH_MEMORY  large-zip | large-filePerItem | count-<n>
 */
import { readFileSync } from 'fs';

import { cleanUpBinaryData, runChain } from '../harness/engine';

const MB = 1024 * 1024;
const status = (field: string) =>
	Number(
		new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1],
	) / 1024;
const collect = (globalThis as { gc?: () => void }).gc;
const live = () => {
	collect?.();
	const usage = process.memoryUsage();
	return (usage.heapUsed + usage.arrayBuffers) / MB;
};

async function download(evaluationIds: string[], output: string) {
	return await runChain({
		input: evaluationIds.map((evaluationId) => ({ json: { evaluationId } })),
		nodes: [
			{
				name: 'Socure',
				type: 'socureRiskOs',
				parameters: { evaluationId: '={{ $json.evaluationId }}', output },
			},
		],
		credentials: {
			socureRiskOsApi: {
				environment: 'custom',
				baseUrl: `${process.env.IDV_SIM_URL}/socure`,
				apiKey: 'sim-socure-key',
			},
		},
	});
}

const scenario = process.env.IDV_BENCH_MEMORY ?? 'large-zip';

test(`engine memory: ${scenario}`, async () => {
	// Warm up: load every module the run needs before measuring.
	await download(['11111111-1111-4111-8111-111111111111'], 'filePerItem');
	const restMb = status('VmRSS');
	if (scenario.startsWith('large-')) {
		const result = await download(
			['bbbbbbbb-1111-4111-8111-111111111111'],
			scenario.slice('large-'.length),
		);
		if (result.error) throw result.error;
		process.stdout.write(`${JSON.stringify({ scenario, restMb, peakMb: status('VmHWM') })}\n`);
	} else {
		const count = Number(scenario.slice('count-'.length));
		const before = live();
		const ids = Array.from(
			{ length: count },
			(_, index) => `cccccccc-0000-4000-8000-${String(index).padStart(12, '0')}`,
		);
		const result = await download(ids, 'filePerItem');
		if (result.error) throw result.error;
		const items = result.output('Socure');
		// What stays reachable after the run: n8n's run data (every item's JSON and binary reference).
		const retainedMb = live() - before;
		const runDataMb = Buffer.byteLength(JSON.stringify(items)) / MB;
		process.stdout.write(
			`${JSON.stringify({ scenario, files: items.length, restMb, peakMb: status('VmHWM'), retainedMb, runDataMb, exactGc: Boolean(collect) })}\n`,
		);
	}
	cleanUpBinaryData();
}, 600_000);
