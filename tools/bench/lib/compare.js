// The download and upload sections' comparison: this package's node at two Concurrency
// settings, HTTP Request with and without Loop Over Items, and the plain Node script.
'use strict';

const { MAX_CONCURRENCY } = require('./workflows');
const { fmt, table } = require('./format');

/**
 * Measures (a) at the default and the highest Concurrency, (b) one item at a time,
 * (b') HTTP Request without a loop, (c) the plain script; prints the table and ratios.
 */
async function compare(bench, title, { nodeName, workflows, httpNodes, floorMode, labels }) {
	const { n8n, execute, measure, runFloor, sim, EVALUATIONS, CONCURRENCY } = bench;
	const a = await measure(
		() => execute(n8n, workflows.a),
		(run) => run.spanMs(nodeName),
	);
	const aMax = await measure(
		() => execute(n8n, workflows.aMax),
		(run) => run.spanMs(nodeName),
	);
	const loop = await measure(
		() => execute(n8n, workflows.loop),
		(run) => run.spanMs('Loop Over Items', ...httpNodes),
	);
	const all = await measure(
		() => execute(n8n, workflows.all),
		(run) => run.spanMs(...httpNodes),
	);
	const floor = await measure(
		() => runFloor(floorMode, sim.url, EVALUATIONS),
		(run) => run.ms,
	);
	table(
		bench.say,
		`## ${title}`,
		EVALUATIONS * 5,
		[
			[`(a) ${labels.node}, Concurrency ${CONCURRENCY}`, a],
			[`(a) ${labels.node}, Concurrency ${MAX_CONCURRENCY}`, aMax],
			[`(b) ${labels.http}, one item at a time (Loop Over Items)`, loop],
			[`(b') ${labels.http}, every request at once (no loop)`, all],
			['(c) plain Node script, same concurrency', floor],
		],
		`b/a = ${fmt(loop.ms / a.ms, 2)} (target ≥ 3); b'/a = ${fmt(all.ms / a.ms, 2)}; a/c = ${fmt(a.ms / floor.ms, 2)} (target ≤ 1.5).`,
	);
	return a;
}

module.exports = { compare };
