/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Not a test: the nodes' time in n8n-core's engine alone (no n8n server), for CPU
 * profiles and the Concurrency sweep. Prints one JSON line per run (the node's time and the
 * process's CPU time, which a busy machine distorts less); asserts nothing.
 *   npx jest --testMatch '**' test/bench/engineThroughput.bench.ts   (or under node --cpu-prof)
 *   IDV_SIM_URL             a simulator in another process (default: one in this process)
 *   IDV_BENCH_LATENCY       the in-process simulator's added latency in ms (default 0)
 *   IDV_BENCH_NODE          socure (100 realistic 2 MB archives) | unit21 (100 × 1 MB JPEGs)
 *   IDV_BENCH_CONCURRENCY   e.g. 1,2,4,8 (default 4): one run per value, in turn
 *   IDV_BENCH_ROUNDS        how often to go through the values (default 1)
 *   IDV_BENCH_COUNT         evaluations or uploads (default 100)
 */
import { randomBytes } from 'crypto';

import { createSimulator } from '../../sim/server';
import { cleanUpBinaryData, runChain } from '../harness/engine';

const node = process.env.IDV_BENCH_NODE ?? 'socure';
const values = (process.env.IDV_BENCH_CONCURRENCY ?? '4').split(',').map(Number);
const rounds = Number(process.env.IDV_BENCH_ROUNDS ?? 1);
const count = Number(process.env.IDV_BENCH_COUNT ?? 100);
const realisticId = (index: number) => `dddddddd-0000-4000-8000-${String(index).padStart(12, '0')}`;

test(`engine throughput: ${node}`, async () => {
	const sim = process.env.IDV_SIM_URL
		? undefined
		: await createSimulator({ latencyMs: Number(process.env.IDV_BENCH_LATENCY ?? 0) });
	const simUrl = process.env.IDV_SIM_URL ?? sim!.url;
	if (sim) sim.state.recordUploads = false;
	const socure = (concurrency: number, ids: string[]) =>
		runChain({
			input: ids.map((evaluationId) => ({ json: { evaluationId } })),
			nodes: [
				{
					name: 'Socure',
					type: 'socureRiskOs',
					parameters: {
						evaluationId: '={{ $json.evaluationId }}',
						output: 'filePerItem',
						options: { concurrency },
					},
				},
			],
			credentials: {
				socureRiskOsApi: {
					environment: 'custom',
					baseUrl: `${simUrl}/socure`,
					apiKey: 'sim-socure-key',
				},
			},
		});
	const jpegs = Array.from({ length: node === 'unit21' ? count : 0 }, () =>
		Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024 * 1024 - 4)]),
	);
	const unit21 = (concurrency: number) =>
		runChain({
			input: jpegs.map((content, index) => ({
				json: { unit21MediaType: 'IMAGE_DRIVERS_LICENSE_FRONT' },
				binary: { data: { content, fileName: `front-${index}.jpg`, mimeType: 'image/jpeg' } },
			})),
			nodes: [
				{
					name: 'Unit21',
					type: 'unit21',
					parameters: { resource: 'entity', entityId: 'bench-entity', options: { concurrency } },
				},
			],
			credentials: {
				unit21Api: {
					environment: 'custom',
					baseUrl: `${simUrl}/unit21`,
					apiKey: 'sim-unit21-key',
					orgName: 'sim_org',
				},
			},
		});
	// Warm up: load every module the run needs before measuring.
	await (node === 'unit21' ? unit21(4) : socure(4, [realisticId(0)]));
	for (let round = 0; round < rounds; round++) {
		for (const concurrency of values) {
			// CPU time of the whole process (thread pool included): fairer than wall time on a busy machine.
			const cpuBefore = process.cpuUsage();
			const result = await (node === 'unit21'
				? unit21(concurrency)
				: socure(
						concurrency,
						Array.from({ length: count }, (_, index) => realisticId(index)),
					));
			if (result.error) throw result.error;
			const name = node === 'unit21' ? 'Unit21' : 'Socure';
			const task = result.run.data.resultData.runData[name][0];
			const cpu = process.cpuUsage(cpuBefore);
			const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
			process.stdout.write(
				`${JSON.stringify({ node, concurrency, round, nodeMs: task.executionTime, cpuMs, items: result.output(name).length })}\n`,
			);
		}
	}
	await sim?.close();
	cleanUpBinaryData();
}, 3_600_000);
