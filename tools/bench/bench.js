// npm run bench [-- --evaluations 200 --latency 50 --concurrency 4 --runs 3 --only realistic,download,upload,memory,limited]
//                 [--profile DIR: also profiles the realistic runs of the two nodes, CPU profiles in DIR]
//                 [--memory-targets-only: the memory section's issue-21 targets, not its earlier figures]
// Measures, on the local simulator and in one real n8n, one module per section (sections/):
//   realistic (sections/realistic.js; no added latency, 100 realistic 2 MB archives, every node
//   at its defaults): Socure node vs HTTP Request + Compression vs a plain Node script that
//   inflates, checks CRCs and writes each file to disk; Unit21 node vs HTTP Request multipart
//   vs fetch + FormData uploading 100 × 1 MB photos;
//   download (sections/download.js), Socure: (a) this package's node, (b) HTTP Request +
//   Compression nodes one item at a time (Loop Over Items), (b') the same without the loop,
//   (c) a plain Node script;
//   upload (sections/upload.js), Unit21: (a) this package's node, (b)/(b') an HTTP Request
//   multipart upload, (c) a plain Node script;
//   memory (sections/memory.js): a 4 GiB brotli bomb of ~740 KB, a 200 MB archive streamed by the
//   ZIP Archive output, the realistic run against HTTP Request + Compression; then a 100 MB
//   archive (package, HTTP Request, plain Node), and 1,000 evaluations against N;
//   limited (sections/limited.js): the download against Socure's sandbox rate limit.
// Shared helpers are in lib/. Prints figures and ratios, and writes them to bench-results.md.
// Not a test: nothing here passes or fails on time.
'use strict';

const fs = require('fs');

const { manualWorkflow } = require('../n8n/real-n8n');
const { readOptions, USAGE } = require('./lib/options');
const { setUp } = require('./lib/setup');
const { execute, measure } = require('./lib/measure');
const { runFloor, engineMemory } = require('./lib/processes');
const { fmt } = require('./lib/format');

// In the order they run; `--only` picks among them.
const SECTIONS = ['realistic', 'download', 'upload', 'memory', 'limited'].map((name) =>
	require(`./sections/${name}`),
);

/** Prints a line and keeps it for bench-results.md. */
function recorder() {
	const lines = [];
	const say = (line = '') => {
		lines.push(line);
		process.stdout.write(`${line}\n`);
	};
	return { lines, say };
}

/** The object every section receives: the options, simulators, n8n, and the shared helpers. */
function context(options, environment, say) {
	return {
		...options,
		...environment,
		say,
		fmt,
		execute,
		measure: (run, msOf) => measure(options.RUNS, run, msOf),
		runFloor: (mode, simUrl, count, concurrency = options.CONCURRENCY) =>
			runFloor(mode, simUrl, count, concurrency),
		engineMemory,
	};
}

async function main(options = readOptions()) {
	const environment = await setUp(options.LATENCY);
	const { lines, say } = recorder();
	const bench = context(options, environment, say);
	const { n8n, sim, fast } = environment;
	const workflows = [
		manualWorkflow('benchBaseline', []),
		...SECTIONS.flatMap((section) => section.workflows(bench)),
	];
	for (const wf of workflows) await n8n.importWorkflow(wf);

	say(
		`# Benchmark: n8n ${n8n.version}, ${options.EVALUATIONS} evaluations (3 images + 2 PDFs each), simulator latency ${options.LATENCY} ms, concurrency ${options.CONCURRENCY}, median of ${options.RUNS} runs`,
	);
	say();
	bench.baseline = await execute(n8n, 'benchBaseline');
	say(
		`n8n process at rest (an empty workflow): peak ${fmt(bench.baseline.peakMb, 0)} MB. Times run from the first node's start to the last node's end (a loop's iterations included); memory is the whole process's peak.`,
	);
	say();

	for (const section of SECTIONS) if (options.SECTIONS.has(section.name)) await section.run(bench);

	await sim.close();
	await fast.close();
	fs.writeFileSync('bench-results.md', `${lines.join('\n')}\n`);
	process.stdout.write('\nWrote bench-results.md\n');
}

if (require.main === module) {
	const options = readOptions();
	if (options.help) process.stdout.write(USAGE);
	else
		main(options).catch((error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		});
}

module.exports = { main, SECTIONS };
