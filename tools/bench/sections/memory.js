// The memory section of `npm run bench` (`--only memory`): peak resident memory of the n8n
// process (VmHWM) while it runs one workflow, against what it peaks at running an empty one.
// Figures, not assertions. First the targets of issue 21:
//   (a) a ~740 KB brotli answer that decodes to 4 GiB (with and without Content-Length):
//       n8n's peak RSS, target under 1.5 GiB;
//   (b) a 200 MB archive, ZIP Archive output, filesystem binary mode: target under 64 MB above rest;
//   (c) the realistic Socure run (100 × 2 MB archives) against HTTP Request + Compression:
//       target no higher;
// then the earlier figures: a 100 MB archive every way, and 1,000 evaluations against N.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const { buildZip } = require('../../../sim/zip-writer');
const { manualWorkflow, nodeType } = require('../../n8n/real-n8n');
const { listNodes, socureNode, httpDownloadNodes } = require('../lib/workflows');

const MB = 1024 * 1024;
const BOMB_DECODED_BYTES = 4 * 1024 * MB;
const ARCHIVE_BYTES = 200 * MB;

/**
 * A brotli stream of 4 GiB: 64 KB blocks of zeros with two random bytes each, which brotli
 * packs into about 740 KB (the audit's bomb was 780 KB). Built once (about 20 s), kept in
 * the temporary folder.
 */
async function brotliBomb() {
	const file = path.join(os.tmpdir(), 'idv-bench-bomb-4gib.br');
	if (fs.existsSync(file)) return fs.readFileSync(file);
	const compress = zlib.createBrotliCompress({
		params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 },
	});
	const parts = [];
	compress.on('data', (chunk) => parts.push(chunk));
	const ended = new Promise((resolve, reject) => {
		compress.on('end', resolve);
		compress.on('error', reject);
	});
	const block = Buffer.alloc(64 * 1024);
	for (let sent = 0; sent < BOMB_DECODED_BYTES; sent += block.length) {
		const marks = [crypto.randomInt(block.length), crypto.randomInt(block.length)];
		for (const mark of marks) block[mark] = crypto.randomInt(1, 256);
		if (!compress.write(Buffer.from(block))) await new Promise((r) => compress.once('drain', r));
		for (const mark of marks) block[mark] = 0;
	}
	compress.end();
	await ended;
	const bomb = Buffer.concat(parts);
	fs.writeFileSync(file, bomb);
	return bomb;
}

/** An archive of ten stored JPEG-headed entries (200 MB by default): it barely compresses, as Socure's do. */
function largeArchive(totalBytes = ARCHIVE_BYTES) {
	const entryBytes = totalBytes / 10;
	return buildZip(
		Array.from({ length: 10 }, (_, index) => {
			const content = crypto.randomBytes(entryBytes);
			content.set([0xff, 0xd8, 0xff, 0xe0], 0);
			return { name: `documents/image_${index}.jpg`, content, method: 'stored' };
		}),
	);
}

/**
 * Serves, for any `…/documents` path: under `/length` the bomb with its Content-Length (as
 * a server answering with a whole buffer does), under `/chunked` the bomb without one, under
 * `/archive` the 200 MB archive, under `/small` a 2 MB one. Every answer ignores
 * Accept-Encoding, as a hostile server would.
 */
async function startServer(bomb, archive, small) {
	const server = http.createServer((request, response) => {
		response.on('error', () => undefined);
		for (const [prefix, zip] of [
			['/archive/', archive],
			['/small/', small],
		]) {
			if (!request.url.startsWith(prefix)) continue;
			response.writeHead(200, {
				'Content-Type': 'application/zip',
				'Content-Length': zip.length,
				'Content-Disposition': 'attachment; filename="large_document.zip"',
			});
			return response.end(zip);
		}
		const headers = { 'Content-Type': 'application/zip', 'Content-Encoding': 'br' };
		if (request.url.startsWith('/length/')) headers['Content-Length'] = bomb.length;
		response.writeHead(200, headers);
		response.end(bomb);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${server.address().port}` };
}

const CREDENTIALS = {
	length: 'idvMemBombLen01',
	chunked: 'idvMemBombChk01',
	archive: 'idvMemArchive01',
	small: 'idvMemSmall0001',
};

function credentialsFor(url) {
	return Object.entries(CREDENTIALS).map(([prefix, id]) => ({
		id,
		name: `Socure RiskOS (memory bench, ${prefix})`,
		type: 'socureRiskOsApi',
		data: { environment: 'custom', baseUrl: `${url}/${prefix}`, apiKey: 'bench-memory-key' },
	}));
}

/** One item, one Socure node on a memory-bench credential; errors become items so the run ends normally. */
function socureWorkflow(id, prefix, output) {
	return manualWorkflow(id, [
		{
			id: 'so',
			name: 'Socure',
			type: nodeType('socureRiskOs'),
			parameters: {
				evaluationId: 'aaaaaaaa-1111-4111-8111-111111111111',
				output,
				options: { maxRetries: 0 },
			},
			credentials: {
				socureRiskOsApi: {
					id: CREDENTIALS[prefix],
					name: `Socure RiskOS (memory bench, ${prefix})`,
				},
			},
			continueOnFail: true,
		},
	]);
}

/** n8n's own HTTP Request node saving the archive as a file: the reference for (b). */
function httpFileWorkflow(id, url) {
	return manualWorkflow(id, [
		{
			id: 'h',
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `${url}/archive/api/evaluation/x/documents`,
				options: { response: { response: { responseFormat: 'file' } } },
			},
		},
	]);
}

/**
 * Runs the section. `bench` is what bench.js shares: the n8n instance, `say`, `execute`
 * (one run, with its peak), `measure`, `runFloor`, `engineMemory`, the baseline run, the
 * simulator, RUNS and EVALUATIONS, and `fmt`.
 */
async function memorySection(bench) {
	const { n8n, say, execute, measure, fmt, baseline, RUNS } = bench;
	// Peaks depend on when the GC runs: each is the median of RUNS runs.
	const peakOf = async (run) => (await measure(run, () => 0)).medianPeakMb;
	const above = (peakMb) => `${fmt(peakMb - baseline.peakMb, 0)} MB`;
	/** Median peak of a workflow, and what its Socure node said (its output item's error or size). */
	const runOnce = async (id) => {
		let said;
		const peakMb = await peakOf(async () => {
			const run = await execute(n8n, id);
			const [item] = run.items('Socure');
			said = item?.json.error ?? `${item?.json.size} bytes stored`;
			return run;
		});
		return { peakMb, said };
	};

	say(`## Memory (median peak of ${RUNS} runs)`);
	say();
	say(
		`Peak resident memory of the n8n process (VmHWM); at rest (an empty workflow) it peaks at ${fmt(baseline.peakMb, 0)} MB.`,
	);
	say();

	await bombAndArchive(bench, runOnce, peakOf, above);

	const realisticPackage = await peakOf(() => execute(n8n, 'benchRealisticPackage'));
	const realisticHttp = await peakOf(() => execute(n8n, 'benchRealisticHttp'));
	say(
		"(c) The realistic run: 100 evaluations of about 2 MB, every node at its defaults; target: the node no higher than (b'):",
	);
	say();
	say('| variant | peak | above rest |');
	say('|---|---|---|');
	say(`| (a) Socure RiskOS node | ${fmt(realisticPackage, 0)} MB | ${above(realisticPackage)} |`);
	say(
		`| (b') HTTP Request + Compression (no loop) | ${fmt(realisticHttp, 0)} MB | ${above(realisticHttp)} |`,
	);
	say();
	if (bench.targetsOnly) return;
	await earlierFigures(bench, peakOf, above);
}

/** (a) the brotli bomb and (b) the 200 MB archive, from their own server. */
async function bombAndArchive(bench, runOnce, peakOf, above) {
	const { n8n, say, execute, fmt } = bench;
	const bomb = await brotliBomb();
	const archive = largeArchive();
	const { server, url } = await startServer(bomb, archive, largeArchive(2 * MB));
	try {
		await n8n.importCredentials(credentialsFor(url));
		for (const workflow of [
			socureWorkflow('benchMemBombLength', 'length', 'filePerItem'),
			socureWorkflow('benchMemBombChunked', 'chunked', 'filePerItem'),
			socureWorkflow('benchMemArchiveZip', 'archive', 'zip'),
			socureWorkflow('benchMemSmallZip', 'small', 'zip'),
			httpFileWorkflow('benchMemArchiveHttp', url),
		])
			await n8n.importWorkflow(workflow);

		const bombLength = await runOnce('benchMemBombLength');
		const bombChunked = await runOnce('benchMemBombChunked');
		say(
			`(a) A ${fmt(bomb.length / 1024, 0)} KB brotli answer that decodes to 4 GiB (Socure RiskOS node, defaults; target: peak under 1,536 MB):`,
		);
		say();
		say('| answer | peak | what the node said |');
		say('|---|---|---|');
		say(`| with Content-Length | ${fmt(bombLength.peakMb, 0)} MB | ${bombLength.said} |`);
		say(`| chunked (no length) | ${fmt(bombChunked.peakMb, 0)} MB | ${bombChunked.said} |`);
		say();

		const zipStreamed = await runOnce('benchMemArchiveZip');
		const zipSmall = await runOnce('benchMemSmallZip');
		const httpFile = await peakOf(() => execute(n8n, 'benchMemArchiveHttp'));
		say(
			'(b) A 200 MB archive (ten stored 20 MB entries), filesystem binary mode; target: it adds under 64 MB:',
		);
		say();
		say('| variant | peak above rest | what the node said |');
		say('|---|---|---|');
		say(
			`| (a) Socure RiskOS node, ZIP Archive output, 200 MB archive | ${above(zipStreamed.peakMb)} | ${zipStreamed.said} |`,
		);
		say(`| (a) the same, 2 MB archive | ${above(zipSmall.peakMb)} | ${zipSmall.said} |`);
		say(`| (b) HTTP Request alone (response as file), 200 MB archive | ${above(httpFile)} | |`);
		say();
		say(
			`The 200 MB archive adds ${fmt(zipStreamed.peakMb - zipSmall.peakMb, 0)} MB over the same workflow with a 2 MB one.`,
		);
		say();
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
}

/** The figures the section printed before issue 21: a 100 MB archive every way, and 1,000 evaluations against N. */
async function earlierFigures(bench, peakOf, above) {
	const { n8n, say, execute, runFloor, engineMemory, sim, fmt, EVALUATIONS } = bench;
	const large = await peakOf(() => execute(n8n, 'benchLargeArchive'));
	const asIs = await peakOf(() => execute(n8n, 'benchLargeArchiveAsIs'));
	const largeHttp = await peakOf(() => execute(n8n, 'benchLargeArchiveHttp'));
	const largeHttpOnly = await peakOf(() => execute(n8n, 'benchLargeArchiveHttpOnly'));
	const largeFloor = await peakOf(async () => {
		const floor = await runFloor('large', sim.url, 1);
		return { peakMb: floor.peakMb - floor.restMb };
	});
	const engineZip = await peakOf(async () => {
		const engine = await engineMemory('large-zip', sim.url);
		return { peakMb: engine.peakMb - engine.restMb };
	});
	const enginePerFile = await peakOf(async () => {
		const engine = await engineMemory('large-filePerItem', sim.url);
		return { peakMb: engine.peakMb - engine.restMb };
	});
	say(
		'A 100 MB archive (five stored 20 MB entries; archive + largest entry = 120 MB), peak above the process at rest:',
	);
	say();
	say('| variant | peak above rest |');
	say('|---|---|');
	say(`| (a) Socure RiskOS node, one item per file | ${above(large)} |`);
	say(`| (a) Socure RiskOS node, ZIP kept as is (nothing unzipped) | ${above(asIs)} |`);
	say(`| (b) HTTP Request (response as file) + Compression | ${above(largeHttp)} |`);
	say(
		`| (b) HTTP Request alone (response as file, never holds the archive) | ${above(largeHttpOnly)} |`,
	);
	say(
		`| (c) plain Node script: Node's http client into one buffer, entries written one at a time | ${fmt(largeFloor, 0)} MB |`,
	);
	say(
		`| (a) in n8n-core's engine alone (no n8n server around it), ZIP kept / one item per file | ${fmt(engineZip, 0)} MB / ${fmt(enginePerFile, 0)} MB |`,
	);
	say();
	const small = await peakOf(() => execute(n8n, 'benchSocurePackage'));
	const thousand = await peakOf(() => execute(n8n, 'benchThousand'));
	const smallHttp = await peakOf(() => execute(n8n, 'benchSocureHttp'));
	const thousandHttp = await peakOf(() => execute(n8n, 'benchThousandHttp'));
	const perFile = (bigMb, smallMb) =>
		`${fmt(((bigMb - smallMb) * 1024) / ((1000 - EVALUATIONS) * 5), 1)} KB`;
	say(`1,000 evaluations (5,000 files) against ${EVALUATIONS}, peak memory of the process:`);
	say();
	say(`| variant | ${EVALUATIONS} evaluations | 1,000 evaluations | growth per added file |`);
	say('|---|---|---|---|');
	say(
		`| (a) Socure RiskOS node | ${fmt(small, 0)} MB | ${fmt(thousand, 0)} MB | ${perFile(thousand, small)} |`,
	);
	say(
		`| (b') HTTP Request + Compression | ${fmt(smallHttp, 0)} MB | ${fmt(thousandHttp, 0)} MB | ${perFile(thousandHttp, smallHttp)} |`,
	);
	say();
	// A peak is mostly garbage not yet collected; what stays reachable after a full GC tells
	// whether anything grows with the count.
	const few = await engineMemory(`count-${EVALUATIONS}`, sim.url);
	const many = await engineMemory('count-1000', sim.url);
	const retainedPerFile = ((many.retainedMb - few.retainedMb) * 1024) / (many.files - few.files);
	say(
		`In n8n-core's engine alone, after a full GC: ${fmt(few.retainedMb, 1)} MB stay reachable after ${EVALUATIONS} evaluations, ${fmt(many.retainedMb, 1)} MB after 1,000: ${fmt(retainedPerFile, 2)} KB per added file, which is n8n's run data (each output item's JSON and binary reference; ${fmt((many.runDataMb * 1024) / many.files, 2)} KB as JSON). Peaks: ${fmt(few.peakMb - few.restMb, 0)} MB and ${fmt(many.peakMb - many.restMb, 0)} MB above rest.`,
	);
	say();
}

/** The workflows of the earlier figures, imported with every section's before the baseline run. */
function workflows({ sim, CONCURRENCY }) {
	return [
		manualWorkflow('benchLargeArchive', [...listNodes(1, 'bbbbbbbb'), socureNode(CONCURRENCY)]),
		manualWorkflow('benchLargeArchiveAsIs', [
			...listNodes(1, 'bbbbbbbb'),
			socureNode(CONCURRENCY, {}, 'zip'),
		]),
		manualWorkflow('benchLargeArchiveHttp', [
			...listNodes(1, 'bbbbbbbb'),
			...httpDownloadNodes(sim.url),
		]),
		manualWorkflow('benchLargeArchiveHttpOnly', [
			...listNodes(1, 'bbbbbbbb'),
			httpDownloadNodes(sim.url)[0],
		]),
		manualWorkflow('benchThousand', [...listNodes(1000), socureNode(CONCURRENCY)]),
		manualWorkflow('benchThousandHttp', [...listNodes(1000), ...httpDownloadNodes(sim.url)]),
	];
}

module.exports = {
	name: 'memory',
	workflows,
	run: memorySection,
	memorySection,
	brotliBomb,
	largeArchive,
};
