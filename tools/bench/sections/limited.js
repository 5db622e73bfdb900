// The limited section of `npm run bench` (`--only limited`): the download against Socure's
// sandbox limit (10 requests/s per key, 429 with Retry-After beyond), LIMITED evaluations.
// Run last: it re-points the simulator credentials at a rate-limited simulator.
'use strict';

const { createSimulator } = require('../../../sim/server');
const { simulatorCredentials, manualWorkflow } = require('../../n8n/real-n8n');
const { listNodes, socureNode, httpDownloadNodes } = require('../lib/workflows');

/** Runs a workflow and counts the requests the simulator refused meanwhile; never throws. */
async function timed(limited, run) {
	const before = limited.state.counts.rateLimited || 0;
	const started = Date.now();
	try {
		const value = await run();
		return {
			value,
			ms: Date.now() - started,
			rateLimited: (limited.state.counts.rateLimited || 0) - before,
		};
	} catch (error) {
		const reason = /429|Too Many Requests/i.test(String(error.message))
			? 'HTTP 429'
			: String(error.message).split('\n')[0].slice(0, 80);
		return {
			error: reason,
			ms: Date.now() - started,
			rateLimited: (limited.state.counts.rateLimited || 0) - before,
		};
	}
}

async function importWorkflows(bench, limited) {
	const { n8n, LIMITED, CONCURRENCY } = bench;
	await n8n.importCredentials(simulatorCredentials(limited.url));
	await n8n.importWorkflow(
		manualWorkflow('benchLimitedPackage', [
			...listNodes(LIMITED),
			socureNode(CONCURRENCY, { requestsPerSecond: 9 }),
		]),
	);
	await n8n.importWorkflow(
		manualWorkflow('benchLimitedHttp', [
			...listNodes(LIMITED),
			...httpDownloadNodes(limited.url, {
				retryOnFail: true,
				maxTries: 5,
				waitBetweenTries: 1000,
			}),
		]),
	);
}

async function run(bench) {
	const { n8n, say, execute, fmt, LATENCY, LIMITED } = bench;
	// The same download against Socure's sandbox limit: 10 requests/s per key, 429 beyond.
	const limited = await createSimulator({ latencyMs: LATENCY, socureRequestsPerSecond: 10 });
	await importWorkflows(bench, limited);
	say(
		`## The download against Socure's sandbox limit (10 requests/s per key; 429 with Retry-After beyond), ${LIMITED} evaluations`,
	);
	say();
	const limitedA = await timed(limited, () => execute(n8n, 'benchLimitedPackage'));
	const limitedB = await timed(limited, () => execute(n8n, 'benchLimitedHttp'));
	say('| variant | outcome | workflow wall time | requests refused with 429 |');
	say('|---|---|---|---|');
	say(
		`| (a) Socure RiskOS node, Max Requests per Second 9 | ${limitedA.error ? `failed: ${limitedA.error}` : `${limitedA.value.items('Socure').length} files`} | ${fmt(limitedA.ms / 1000, 1)} s | ${limitedA.rateLimited} |`,
	);
	say(
		`| (b) HTTP Request (Retry On Fail: 5 tries, 1 s apart) + Compression | ${limitedB.error ? `failed: ${limitedB.error}` : `${limitedB.value.items('Compression').length} items`} | ${fmt(limitedB.ms / 1000, 1)} s | ${limitedB.rateLimited} |`,
	);
	say();
	await limited.close();
}

module.exports = { name: 'limited', workflows: () => [], run };
