// The realistic section of `npm run bench` (`--only realistic`), no added latency, every node
// at its defaults: the Socure node vs HTTP Request + Compression vs a plain Node script that
// inflates, checks CRCs and writes each file to disk (REALISTIC archives of 2 MB); the Unit21
// node vs HTTP Request multipart vs fetch + FormData (REALISTIC photos of 1 MB). With
// `--profile DIR`, then a CPU profile of each node's run.
'use strict';

const { manualWorkflow } = require('../../n8n/real-n8n');
const { fmt, table } = require('../lib/format');
const { profile } = require('../lib/profile');
const { listNodes, httpDownloadNodes, httpUploadNode } = require('../lib/workflows');

function workflows({ fast, fastSocure, fastUnit21, REALISTIC }) {
	return [
		manualWorkflow('benchRealisticPackage', [...listNodes(REALISTIC, 'dddddddd'), fastSocure]),
		manualWorkflow('benchRealisticHttp', [
			...listNodes(REALISTIC, 'dddddddd'),
			...httpDownloadNodes(fast.url),
		]),
		manualWorkflow('benchPhotosPackage', [
			...listNodes(REALISTIC, 'd1d1d1d1'),
			fastSocure,
			fastUnit21,
		]),
		manualWorkflow('benchPhotosHttp', [
			...listNodes(REALISTIC, 'd1d1d1d1'),
			fastSocure,
			httpUploadNode(fast.url),
		]),
	];
}

async function download(bench) {
	const { n8n, say, execute, measure, runFloor, fast, REALISTIC } = bench;
	const files = REALISTIC * 5;
	const a = await measure(
		() => execute(n8n, 'benchRealisticPackage'),
		(run) => run.spanMs('Socure'),
	);
	const b = await measure(
		() => execute(n8n, 'benchRealisticHttp'),
		(run) => run.spanMs('HTTP Request', 'Compression'),
	);
	const c = await measure(
		() => runFloor('realistic', fast.url, REALISTIC, 1),
		(run) => run.ms,
	);
	const produced = a.last.items('Socure').length;
	if (produced !== files)
		throw new Error(`the package produced ${produced} files, expected ${files}`);
	table(
		say,
		`## No added latency: ${REALISTIC} realistic evaluations (2 MB ZIPs, five deflated entries, 2.2 MB unzipped), every node at its defaults`,
		files,
		[
			['(a) Socure RiskOS node, default options', a],
			["(b') HTTP Request + Compression (no loop)", b],
			[
				'(c) plain Node script, one at a time: node:zlib inflates and checks CRCs, each file written to disk',
				c,
			],
		],
		`a/c = ${fmt(a.ms / c.ms, 2)} (target ≤ 2); b'/a = ${fmt(b.ms / a.ms, 2)} (target ≥ 2).`,
	);
}

async function upload(bench) {
	const { n8n, say, execute, measure, runFloor, fast, REALISTIC } = bench;
	const ua = await measure(
		() => execute(n8n, 'benchPhotosPackage'),
		(run) => run.spanMs('Unit21'),
	);
	const ub = await measure(
		() => execute(n8n, 'benchPhotosHttp'),
		(run) => run.spanMs('HTTP Upload'),
	);
	const uc = await measure(
		() => runFloor('realistic-upload', fast.url, REALISTIC, 4),
		(run) => run.ms,
	);
	table(
		say,
		`Uploading ${REALISTIC} photos of 1 MB each to a Unit21 entity (multipart), no added latency, every node at its defaults:`,
		REALISTIC,
		[
			['(a) Unit21 node, default options', ua],
			["(b') HTTP Request multipart (no loop)", ub],
			['(c) plain Node script: fetch + FormData, 4 at a time', uc],
		],
		`a/b' = ${fmt(ua.ms / ub.ms, 2)} (target ≤ 1); a/c = ${fmt(ua.ms / uc.ms, 2)} (target ≤ 1.5).`,
	);
}

async function run(bench) {
	await download(bench);
	await upload(bench);
	if (bench.PROFILE_DIR) {
		await profile(bench, 'benchRealisticPackage', 'socure', 'the workflow');
		// That workflow runs Socure first: the window starts at Unit21's first sample.
		await profile(bench, 'benchPhotosPackage', 'unit21', 'the Unit21 node', '/dist/nodes/Unit21/');
	}
}

module.exports = { name: 'realistic', workflows, run };
