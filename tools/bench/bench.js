// npm run bench [-- --evaluations 200 --latency 50 --concurrency 4 --runs 3 --only realistic,download,upload,memory,limited]
//                 [--profile DIR: also profiles the realistic runs of the two nodes, CPU profiles in DIR]
//                 [--memory-targets-only: the memory section's issue-21 targets, not its earlier figures]
// Measures, on the local simulator and in one real n8n:
//   realistic (no added latency, 100 realistic 2 MB archives, every node at its defaults):
//   Socure node vs HTTP Request + Compression vs a plain Node script that inflates, checks
//   CRCs and writes each file to disk; Unit21 node vs HTTP Request multipart vs fetch +
//   FormData uploading 100 × 1 MB photos;
//   Socure: (a) this package's node, (b) HTTP Request + Compression nodes one item at a time
//   (Loop Over Items), (b') the same without the loop, (c) a plain Node script;
//   Unit21: (a) this package's node, (b)/(b') an HTTP Request multipart upload, (c) a plain Node script;
//   memory (tools/bench/memory.js): a 4 GiB brotli bomb of ~740 KB, a 200 MB archive streamed by the
//   ZIP Archive output, the realistic run against HTTP Request + Compression; then a 100 MB
//   archive (package, HTTP Request, plain Node), and 1,000 evaluations against N.
// Prints figures and ratios. Not a test: nothing here passes or fails on time.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const { createSimulator } = require('../../sim/server');
const { memorySection } = require('./memory');
const {
	createInstance,
	simulatorCredentials,
	manualWorkflow,
	nodeType,
} = require('../n8n/real-n8n');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : fallback;
}

const EVALUATIONS = Number(option('evaluations', 200));
const LATENCY = Number(option('latency', 50));
const CONCURRENCY = Number(option('concurrency', 4));
const SECTIONS = new Set(
	String(option('only', 'realistic,download,upload,memory,limited')).split(','),
);
const REALISTIC = Number(option('realistic-evaluations', 100));
const LIMITED = Number(option('limited-evaluations', 60));
// Each variant runs this often (a fresh n8n process each time); the median time is printed.
const RUNS = Math.max(1, Number(option('runs', 3)));
const PROFILE_DIR = option('profile', undefined);
// A frame of n8n's engine running a workflow: profiles start there, after n8n's start-up.
const ENGINE_STEP = '^(processRunExecutionData|runNode) ';

const evaluationId = (index) => `cccccccc-0000-4000-8000-${String(index).padStart(12, '0')}`;
const SOCURE = { socureRiskOsApi: { id: 'idvSimSocure01', name: 'Socure RiskOS (simulator)' } };
const UNIT21 = { unit21Api: { id: 'idvSimUnit21001', name: 'Unit21 (simulator)' } };

/** Peak resident memory of a process, polled from /proc (VmHWM is the kernel's high-water mark). */
function watchPeakMemory(child) {
	let peakKb = 0;
	const timer = setInterval(() => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (match) peakKb = Math.max(peakKb, Number(match[1]));
		} catch {
			// the process has exited
		}
	}, 25);
	child.once('close', () => clearInterval(timer));
	return () => peakKb / 1024;
}

function listNodes(count, idPrefix = 'cccccccc') {
	const ids = Array.from({ length: count }, (_, index) =>
		idPrefix === 'cccccccc'
			? evaluationId(index)
			: idPrefix.startsWith('d')
				? evaluationId(index).replace('cccccccc', idPrefix)
				: `${idPrefix}-1111-4111-8111-111111111111`,
	);
	return [
		{
			id: 'l',
			name: 'List',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{
							id: 'a',
							name: 'evaluations',
							type: 'array',
							value: `=${JSON.stringify(ids.map((id) => ({ evaluationId: id })))}`,
						},
					],
				},
				options: {},
			},
		},
		{
			id: 's',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			parameters: { fieldToSplitOut: 'evaluations', options: {} },
		},
	];
}

// The highest Concurrency the nodes offer: closest to HTTP Request's all-at-once.
const MAX_CONCURRENCY = 20;
const unit21Node = (concurrency) => ({
	id: 'u',
	name: 'Unit21',
	type: nodeType('unit21'),
	parameters: { entityId: 'bench-entity', options: { concurrency } },
	credentials: UNIT21,
});
const socureNode = (options = {}, output = 'filePerItem') => ({
	id: 'so',
	name: 'Socure',
	type: nodeType('socureRiskOs'),
	parameters: {
		evaluationId: '={{ $json.evaluationId }}',
		output,
		options: { concurrency: CONCURRENCY, ...options },
	},
	credentials: SOCURE,
});

// The HTTP Request node sends every item's request at once (its batching option paces
// the sending but does not wait for answers): there is no concurrency bound to match.
function httpDownloadNodes(simUrl, nodeSettings = {}) {
	return [
		{
			id: 'h',
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `=${simUrl}/socure/api/evaluation/{{ $json.evaluationId }}/documents`,
				sendHeaders: true,
				headerParameters: {
					parameters: [{ name: 'Authorization', value: 'Bearer sim-socure-key' }],
				},
				options: { response: { response: { responseFormat: 'file' } } },
			},
			...nodeSettings,
		},
		{
			id: 'c',
			name: 'Compression',
			type: 'n8n-nodes-base.compression',
			typeVersion: 1.1,
			parameters: { operation: 'decompress', binaryPropertyName: 'data' },
		},
	];
}

/**
 * What users build today to go one item at a time: Loop Over Items (batch size 1) around
 * the same nodes, each iteration fed back into the loop.
 */
function oneAtATime(id, count, idPrefix, bodyNodes, before = []) {
	const start = {
		id: 't',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	};
	const loop = {
		id: 'lp',
		name: 'Loop Over Items',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		parameters: { batchSize: 1, options: {} },
	};
	const done = {
		id: 'd',
		name: 'Done',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		parameters: {},
	};
	const head = [start, ...listNodes(count, idPrefix), ...before];
	const nodes = [...head, loop, ...bodyNodes, done];
	const link = (to, index = 0) => ({ node: to, type: 'main', index });
	const connections = {};
	for (let index = 0; index < head.length; index++)
		connections[head[index].name] = { main: [[link(head[index + 1]?.name ?? loop.name)]] };
	connections[loop.name] = { main: [[link(done.name)], [link(bodyNodes[0].name)]] };
	for (let index = 0; index < bodyNodes.length; index++)
		connections[bodyNodes[index].name] = {
			main: [[link(bodyNodes[index + 1]?.name ?? loop.name)]],
		};
	return {
		id,
		name: id,
		nodes: nodes.map((node, index) => ({ typeVersion: 1, position: [220 * index, 0], ...node })),
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

function httpUploadNode(simUrl) {
	return {
		id: 'hu',
		name: 'HTTP Upload',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'PUT',
			url: `${simUrl}/unit21/v1/sim_org/entities/bench-entity/link-media`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'u21-key', value: 'sim-unit21-key' }] },
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formBinaryData', name: 'data', inputDataFieldName: 'data' },
					{
						name: 'data',
						value:
							'={{ JSON.stringify($json.unit21MediaType ? { media_type: $json.unit21MediaType } : {}) }}',
					},
				],
			},
			options: {},
		},
	};
}

async function execute(n8n, id, env = {}) {
	let peak;
	const result = await n8n.execute(id, {
		env,
		onSpawn: (child) => (peak = watchPeakMemory(child)),
	});
	if (!result.ok || !result.run?.data)
		throw new Error(
			`${id} failed (exit code ${result.code}, ${result.run ? 'output read' : 'output not read'}):\n${result.stderr.slice(-1500)}\n${result.stdout.slice(-500)}`,
		);
	const runData = result.run.data.resultData.runData;
	const nodeMs = (name) => runData[name].reduce((sum, task) => sum + task.executionTime, 0);
	// From the first start to the last finish of these nodes: with a loop, the engine's
	// work between iterations counts too, as it does for the user waiting.
	const spanMs = (...names) => {
		const tasks = names.flatMap((name) => runData[name]);
		return (
			Math.max(...tasks.map((task) => task.startTime + task.executionTime)) -
			Math.min(...tasks.map((task) => task.startTime))
		);
	};
	const items = (name) => runData[name].at(-1).data.main[0];
	return { nodeMs, spanMs, items, peakMb: peak() };
}

function runFloor(mode, simUrl, count, concurrency = CONCURRENCY) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[`${__dirname}/bench-floor.js`, mode, simUrl, String(count), String(concurrency)],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const peak = watchPeakMemory(child);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.on('close', (code) =>
			code === 0
				? resolve({ ...JSON.parse(output), peakMb: peak() })
				: reject(new Error(`floor ${mode} failed`)),
		);
	});
}

/** Runs a variant RUNS times: the median of its times, the highest of its peaks. */
async function measure(run, msOf) {
	const results = [];
	for (let index = 0; index < RUNS; index++) results.push(await run());
	const times = results.map(msOf).sort((a, b) => a - b);
	const peaks = results.map((result) => result.peakMb).sort((a, b) => a - b);
	return {
		ms: times[Math.floor(times.length / 2)],
		peakMb: Math.max(...peaks),
		medianPeakMb: peaks[Math.floor(peaks.length / 2)],
		last: results.at(-1),
	};
}

/** One scenario of test/bench/engineMemory.bench.ts: the node in n8n-core's engine alone, in its own process. */
function engineMemory(scenario, simUrl) {
	return new Promise((resolve, reject) => {
		const jest = path.join(path.dirname(require.resolve('jest/package.json')), 'bin', 'jest.js');
		const child = spawn(
			process.execPath,
			['--expose-gc', jest, '--testMatch', '**/bench/engineMemory.bench.ts', '--runInBand'],
			{
				env: { ...process.env, IDV_SIM_URL: simUrl, IDV_BENCH_MEMORY: scenario },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => {
			const line = output.split('\n').find((candidate) => candidate.startsWith('{"scenario"'));
			if (code === 0 && line) resolve(JSON.parse(line));
			else reject(new Error(`engine memory ${scenario} failed:\n${output.slice(-2000)}`));
		});
	});
}

const fmt = (value, digits = 1) => value.toFixed(digits);
function row(label, ms, files, peakMb) {
	return `| ${label} | ${fmt(ms / 1000, 2)} s | ${fmt(files / (ms / 1000), 0)} files/s | ${fmt(peakMb, 0)} MB |`;
}

async function main() {
	const sim = await createSimulator({ latencyMs: LATENCY });
	sim.state.recordUploads = false;
	// The realistic scenario's own simulator, with no added latency, and credentials for it.
	const fast = await createSimulator({ latencyMs: 0 });
	fast.state.recordUploads = false;
	const FAST_IDS = { socureRiskOsApi: 'idvFastSocure1', unit21Api: 'idvFastUnit211' };
	const fastCredentials = simulatorCredentials(fast.url)
		.filter((credential) => FAST_IDS[credential.type])
		.map((credential) => ({
			...credential,
			id: FAST_IDS[credential.type],
			name: `${credential.name}, no latency`,
		}));
	const FAST_SOCURE = {
		socureRiskOsApi: { id: FAST_IDS.socureRiskOsApi, name: fastCredentials[0].name },
	};
	const FAST_UNIT21 = { unit21Api: { id: FAST_IDS.unit21Api, name: fastCredentials[1].name } };
	const n8n = await createInstance({ line: process.env.IDV_N8N_LINE || 'v2' });
	await n8n.importCredentials([...simulatorCredentials(sim.url), ...fastCredentials]);
	// Every node at its defaults: what a user who changes nothing gets.
	const fastSocure = {
		id: 'so',
		name: 'Socure',
		type: nodeType('socureRiskOs'),
		parameters: { evaluationId: '={{ $json.evaluationId }}' },
		credentials: FAST_SOCURE,
	};
	const fastUnit21 = {
		id: 'u',
		name: 'Unit21',
		type: nodeType('unit21'),
		parameters: { entityId: 'bench-entity' },
		credentials: FAST_UNIT21,
	};
	const workflows = [
		manualWorkflow('benchBaseline', []),
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
		manualWorkflow('benchSocurePackage', [...listNodes(EVALUATIONS), socureNode()]),
		manualWorkflow('benchSocureHttp', [...listNodes(EVALUATIONS), ...httpDownloadNodes(sim.url)]),
		oneAtATime('benchSocureHttpLoop', EVALUATIONS, 'cccccccc', httpDownloadNodes(sim.url)),
		manualWorkflow('benchSocurePackageMax', [
			...listNodes(EVALUATIONS),
			socureNode({ concurrency: MAX_CONCURRENCY }),
		]),
		manualWorkflow('benchUnit21Package', [
			...listNodes(EVALUATIONS),
			socureNode(),
			unit21Node(CONCURRENCY),
		]),
		manualWorkflow('benchUnit21PackageMax', [
			...listNodes(EVALUATIONS),
			socureNode(),
			unit21Node(MAX_CONCURRENCY),
		]),
		manualWorkflow('benchUnit21Http', [
			...listNodes(EVALUATIONS),
			socureNode(),
			httpUploadNode(sim.url),
		]),
		oneAtATime(
			'benchUnit21HttpLoop',
			EVALUATIONS,
			'cccccccc',
			[httpUploadNode(sim.url)],
			[socureNode()],
		),
		manualWorkflow('benchLargeArchive', [...listNodes(1, 'bbbbbbbb'), socureNode()]),
		manualWorkflow('benchLargeArchiveAsIs', [...listNodes(1, 'bbbbbbbb'), socureNode({}, 'zip')]),
		manualWorkflow('benchLargeArchiveHttp', [
			...listNodes(1, 'bbbbbbbb'),
			...httpDownloadNodes(sim.url),
		]),
		manualWorkflow('benchLargeArchiveHttpOnly', [
			...listNodes(1, 'bbbbbbbb'),
			httpDownloadNodes(sim.url)[0],
		]),
		manualWorkflow('benchThousand', [...listNodes(1000), socureNode()]),
		manualWorkflow('benchThousandHttp', [...listNodes(1000), ...httpDownloadNodes(sim.url)]),
	];
	for (const wf of workflows) await n8n.importWorkflow(wf);

	const lines = [];
	const say = (line = '') => {
		lines.push(line);
		process.stdout.write(`${line}\n`);
	};
	say(
		`# Benchmark: n8n ${n8n.version}, ${EVALUATIONS} evaluations (3 images + 2 PDFs each), simulator latency ${LATENCY} ms, concurrency ${CONCURRENCY}, median of ${RUNS} runs`,
	);
	say();
	const baseline = await execute(n8n, 'benchBaseline');
	say(
		`n8n process at rest (an empty workflow): peak ${fmt(baseline.peakMb, 0)} MB. Times run from the first node's start to the last node's end (a loop's iterations included); memory is the whole process's peak.`,
	);
	say();

	if (SECTIONS.has('realistic')) await realisticSection();

	async function realisticSection() {
		/** Prints a title, a table of (label, measured) rows over `count` files, and the ratios line. */
		const table = (title, count, rows, ratios) => {
			say(title);
			say();
			say('| variant | time | throughput | peak memory |');
			say('|---|---|---|---|');
			for (const [label, measured] of rows) say(row(label, measured.ms, count, measured.peakMb));
			say();
			say(ratios);
			say();
		};
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
			`Uploading ${REALISTIC} photos of 1 MB each to a Unit21 entity (multipart), no added latency, every node at its defaults:`,
			REALISTIC,
			[
				['(a) Unit21 node, default options', ua],
				["(b') HTTP Request multipart (no loop)", ub],
				['(c) plain Node script: fetch + FormData, 4 at a time', uc],
			],
			`a/b' = ${fmt(ua.ms / ub.ms, 2)} (target ≤ 1); a/c = ${fmt(ua.ms / uc.ms, 2)} (target ≤ 1.5).`,
		);
		if (PROFILE_DIR) {
			await profile('benchRealisticPackage', 'socure', 'the workflow');
			// That workflow runs Socure first: the window starts at Unit21's first sample.
			await profile('benchPhotosPackage', 'unit21', 'the Unit21 node', '/dist/nodes/Unit21/');
		}
	}

	/**
	 * Runs a workflow once in an n8n writing a CPU profile, and prints where the CPU went from
	 * the engine's first step (or, with `startPattern`, the first sample matching it after
	 * that) to the last sample in this package's code.
	 */
	async function profile(workflowId, label, what, startPattern) {
		const dir = path.resolve(PROFILE_DIR, label);
		fs.rmSync(dir, { recursive: true, force: true });
		await execute(n8n, workflowId, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` });
		// n8n's main process writes the largest profile (its task runner, if any, a small one).
		const [largest] = fs
			.readdirSync(dir)
			.map((name) => path.join(dir, name))
			.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
		const summary = await new Promise((resolve, reject) => {
			const child = spawn(
				process.execPath,
				[
					`${__dirname}/cpu-profile-summary.js`,
					largest,
					'--after',
					ENGINE_STEP,
					'--within',
					startPattern ?? ENGINE_STEP,
					'--until',
					'/n8n-nodes-(socure-riskos|verifik|unit21)/dist/',
				],
				{ stdio: ['ignore', 'pipe', 'inherit'] },
			);
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(label))));
		});
		say(`CPU profile of ${workflowId} in n8n (${largest}), ${what} only:`);
		say();
		for (const line of summary.trimEnd().split('\n')) say(line);
		say();
	}

	const files = EVALUATIONS * 5;
	/**
	 * Measures (a) at the default and the highest Concurrency, (b) one item at a time,
	 * (b') HTTP Request without a loop, (c) the plain script; prints the table and ratios.
	 */
	async function compare(title, { nodeName, workflows, httpNodes, floorMode, labels }) {
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
		say(`## ${title}`);
		say();
		say('| variant | time | throughput | peak memory |');
		say('|---|---|---|---|');
		say(row(`(a) ${labels.node}, Concurrency ${CONCURRENCY}`, a.ms, files, a.peakMb));
		say(row(`(a) ${labels.node}, Concurrency ${MAX_CONCURRENCY}`, aMax.ms, files, aMax.peakMb));
		say(
			row(`(b) ${labels.http}, one item at a time (Loop Over Items)`, loop.ms, files, loop.peakMb),
		);
		say(row(`(b') ${labels.http}, every request at once (no loop)`, all.ms, files, all.peakMb));
		say(row('(c) plain Node script, same concurrency', floor.ms, files, floor.peakMb));
		say();
		say(
			`b/a = ${fmt(loop.ms / a.ms, 2)} (target ≥ 3); b'/a = ${fmt(all.ms / a.ms, 2)}; a/c = ${fmt(a.ms / floor.ms, 2)} (target ≤ 1.5).`,
		);
		say();
		return a;
	}

	if (SECTIONS.has('download')) {
		const a = await compare('Download and unzip Socure documents', {
			nodeName: 'Socure',
			workflows: {
				a: 'benchSocurePackage',
				aMax: 'benchSocurePackageMax',
				loop: 'benchSocureHttpLoop',
				all: 'benchSocureHttp',
			},
			httpNodes: ['HTTP Request', 'Compression'],
			floorMode: 'socure',
			labels: { node: 'Socure RiskOS node', http: 'HTTP Request + Compression' },
		});
		const produced = a.last.items('Socure').length;
		if (produced !== files)
			throw new Error(`the package produced ${produced} files, expected ${files}`);
	}

	if (SECTIONS.has('upload')) {
		await compare('Upload the files to a Unit21 entity', {
			nodeName: 'Unit21',
			workflows: {
				a: 'benchUnit21Package',
				aMax: 'benchUnit21PackageMax',
				loop: 'benchUnit21HttpLoop',
				all: 'benchUnit21Http',
			},
			httpNodes: ['HTTP Upload'],
			floorMode: 'unit21',
			labels: { node: 'Unit21 node', http: 'HTTP Request multipart' },
		});
	}

	if (SECTIONS.has('memory'))
		await memorySection({
			n8n,
			say,
			execute,
			measure,
			runFloor,
			engineMemory,
			baseline,
			sim,
			fmt,
			RUNS,
			EVALUATIONS,
			targetsOnly: process.argv.includes('--memory-targets-only'),
		});
	if (SECTIONS.has('limited')) await limitedSection();

	async function limitedSection() {
		// Last: it re-points the simulator credentials at a rate-limited simulator.
		// The same download against Socure's sandbox limit: 10 requests/s per key, 429 beyond.
		const limited = await createSimulator({ latencyMs: LATENCY, socureRequestsPerSecond: 10 });
		await n8n.importCredentials(simulatorCredentials(limited.url));
		await n8n.importWorkflow(
			manualWorkflow('benchLimitedPackage', [
				...listNodes(LIMITED),
				socureNode({ requestsPerSecond: 9 }),
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
		say(
			`## The download against Socure's sandbox limit (10 requests/s per key; 429 with Retry-After beyond), ${LIMITED} evaluations`,
		);
		say();
		const limitedA = await timed(() => execute(n8n, 'benchLimitedPackage'));
		const limitedB = await timed(() => execute(n8n, 'benchLimitedHttp'));
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

		async function timed(run) {
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
	}

	await sim.close();
	await fast.close();
	fs.writeFileSync('bench-results.md', `${lines.join('\n')}\n`);
	process.stdout.write('\nWrote bench-results.md\n');
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
