// node tools/bench/bench-zip.js [--before <git revision>] [--archives 100] [--rounds 7] [--parallel 1] [--live-heap-mb 0]
// An in-process micro-benchmark of the ZIP reader: the working tree's packages/shared/files/zip.ts
// against the same file at another revision (default aca5a84, the reader before the gzip change), and node:zlib as the floor,
// over the simulator's realistic archives (about 2 MB, five deflated entries). Rounds
// alternate between the readers, so a busy machine slows each alike: compare the ratios.
// --parallel N reads N archives at once, as the node does with several items in flight
// (inflation runs on libuv's thread pool, so archives overlap). The floor stays sequential
// and synchronous. --live-heap-mb N first fills the heap with N MB of live objects, as n8n's
// process holds (about 150 MB): V8 then marks all of them each time the buffers allocated
// while inflating add up to its external-memory limit, which is where a node inside n8n
// loses most against a small script. Not a test: nothing here passes or fails on time.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const ts = require('typescript');
const zlib = require('zlib');

const { realisticZip } = require('../../sim/documents');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : fallback;
}

const ROOT = path.join(__dirname, '..', '..');
// Where the reader lives (nodes/shared, then nodes/lib, now packages/shared/files): the first that exists.
const FILES = ['packages/shared/files/zip.ts', 'nodes/lib/zip.ts', 'nodes/shared/zip.ts'];
// The last revision whose reader used deflate-raw and a JavaScript CRC-32.
const BEFORE = option('before', 'aca5a84');
const ARCHIVES = Number(option('archives', 100));
const ROUNDS = Number(option('rounds', 7));
const PARALLEL = Math.max(1, Number(option('parallel', 1)));
const LIVE_HEAP_MB = Number(option('live-heap-mb', 0));

/** About `mb` MB of small live objects (roughly 140 bytes each, as V8 lays them out). */
function fillHeap(mb) {
	const heap = [];
	for (let index = 0; index < mb * 7000; index++)
		heap.push({ index, text: `x${index}`, list: [index] });
	return heap;
}
const liveHeap = fillHeap(LIVE_HEAP_MB);

function loadTypeScript(source, name) {
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
	});
	const module = new Module(name);
	module.paths = Module._nodeModulePaths(ROOT);
	module._compile(outputText, name);
	return module.exports;
}

function sourceAt(revision) {
	for (const file of FILES) {
		try {
			return revision
				? execFileSync('git', ['show', `${revision}:${file}`], {
						cwd: ROOT,
						encoding: 'utf8',
						stdio: ['ignore', 'pipe', 'ignore'],
					})
				: fs.readFileSync(path.join(ROOT, file), 'utf8');
		} catch {
			// not at this path in that revision
		}
	}
	throw new Error(`no ZIP reader at ${FILES.join(' or ')} in ${revision || 'the working tree'}`);
}

const readers = {
	[`${BEFORE} (before)`]: loadTypeScript(sourceAt(BEFORE), 'before-zip.ts'),
	'working tree (after)': loadTypeScript(sourceAt(undefined), 'zip.ts'),
};

const archives = Array.from({ length: ARCHIVES }, (_, index) =>
	Buffer.concat(realisticZip(`dddddddd-0000-4000-8000-${String(index).padStart(12, '0')}`)),
);
const unzipped =
	archives.length &&
	readers['working tree (after)']
		.listZipEntries(archives[0])
		.reduce((sum, entry) => sum + entry.uncompressedSize, 0);

async function readAll(zip) {
	let bytes = 0;
	let next = 0;
	const worker = async () => {
		while (next < archives.length)
			for await (const { content } of zip.readZipFiles(archives[next++])) bytes += content.length;
	};
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	return bytes;
}

/** The floor: node:zlib inflating and checking the CRC, the central directory read by the same reader. */
async function readAllWithZlib() {
	const { listZipEntries } = readers['working tree (after)'];
	let bytes = 0;
	for (const archive of archives) {
		for (const entry of listZipEntries(archive)) {
			const start =
				entry.localHeaderOffset +
				30 +
				archive.readUInt16LE(entry.localHeaderOffset + 26) +
				archive.readUInt16LE(entry.localHeaderOffset + 28);
			const raw = archive.subarray(start, start + entry.compressedSize);
			const content = entry.compressionMethod === 8 ? zlib.inflateRawSync(raw) : raw;
			if (zlib.crc32(content) !== entry.crc32) throw new Error('CRC mismatch');
			bytes += content.length;
		}
	}
	return bytes;
}

async function main() {
	const variants = {
		...Object.fromEntries(Object.entries(readers).map(([name, zip]) => [name, () => readAll(zip)])),
		'node:zlib (floor)': readAllWithZlib,
	};
	const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
	for (const [name, run] of Object.entries(variants)) {
		const bytes = await run(); // warm-up, and every reader must hand out the same bytes
		if (bytes !== unzipped * ARCHIVES)
			throw new Error(`${name} read ${bytes} bytes, expected ${unzipped * ARCHIVES}`);
	}
	for (let round = 0; round < ROUNDS; round++) {
		for (const [name, run] of Object.entries(variants)) {
			const started = process.hrtime.bigint();
			await run();
			times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
		}
	}
	const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const floor = median(times['node:zlib (floor)']);
	process.stdout.write(
		`ZIP reader, ${ARCHIVES} archives of ${(archives[0].length / 1e6).toFixed(2)} MB (${(unzipped / 1e6).toFixed(2)} MB unzipped), ${PARALLEL} at a time, median of ${ROUNDS} alternating rounds, ${liveHeap.length ? `${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB of heap in use` : 'an almost empty heap'}\n\n`,
	);
	process.stdout.write('| reader | time | MB/s unzipped | × node:zlib |\n|---|---|---|---|\n');
	for (const [name, values] of Object.entries(times)) {
		const ms = median(values);
		process.stdout.write(
			`| ${name} | ${ms.toFixed(0)} ms | ${((unzipped * ARCHIVES) / 1e6 / (ms / 1000)).toFixed(0)} | ${(ms / floor).toFixed(2)} |\n`,
		);
	}
	const [before, after] = Object.keys(readers).map((name) => median(times[name]));
	process.stdout.write(`\nbefore/after = ${(before / after).toFixed(2)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
