// A real n8n with this package installed the way n8n's community-package installer
// does it (the packed tarball under <user folder>/.n8n/nodes/node_modules), driven
// headlessly through n8n's CLI. Used by the demo, the dev editor and the e2e tests.
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { createSimulator, SECRETS } = require('../../sim/server');
const { ensureN8n, log } = require('./n8n-runtime');
const { manualWorkflow } = require('./workflows');

const ROOT = path.join(__dirname, '..', '..');
const ENCRYPTION_KEY = 'idv-documents-local-only-key';
/** The n8n line IDV_N8N_LINE names: v2 (2.x, the default) or v1 (the newest 1.x). */
const N8N_LINE = process.env.IDV_N8N_LINE || 'v2';
const PACKAGES_DIR = path.join(ROOT, 'packages');

/** The service packages n8n loads: each workspace package with an n8n block. */
const SERVICE_PACKAGES = fs
	.readdirSync(PACKAGES_DIR)
	.map((dir) => ({
		dir: path.join(PACKAGES_DIR, dir),
		manifest: JSON.parse(fs.readFileSync(path.join(PACKAGES_DIR, dir, 'package.json'), 'utf8')),
	}))
	.filter(({ manifest }) => manifest.n8n && !manifest.private);
const PACKAGE_NAMES = SERVICE_PACKAGES.map(({ manifest }) => manifest.name);

/** Short node name → the type n8n gives it (`unit21` → `n8n-nodes-unit21.unit21`). */
const NODE_TYPES = Object.fromEntries(
	SERVICE_PACKAGES.flatMap(({ manifest }) =>
		manifest.n8n.nodes.map((built) => {
			const className = path.basename(built).split('.')[0];
			const name = className[0].toLowerCase() + className.slice(1);
			return [name, `${manifest.name}.${name}`];
		}),
	),
);

function nodeType(name) {
	const type = NODE_TYPES[name];
	if (!type) throw new Error(`no package has a node named ${name}`);
	return type;
}

/** Builds and packs every service package once per process; returns the tarball paths. */
let packed;
function packPackages() {
	if (packed && packed.every((tarball) => fs.existsSync(tarball))) return packed;
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-pack-'));
	log(`building and packing ${PACKAGE_NAMES.join(', ')}`);
	// .npmrc sets ignore-scripts (for n8n-core's native modules), so prepack would not run: build here.
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	packed = SERVICE_PACKAGES.map(({ dir }) => {
		const output = execFileSync(
			'npm',
			['pack', '--pack-destination', outDir, '--json', '--loglevel=error'],
			{ cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const json = output.slice(output.indexOf('['));
		return path.join(outDir, JSON.parse(json)[0].filename);
	});
	return packed;
}

/** Unpacks each tarball where n8n installs community packages, with the manifest n8n writes. */
function installPackages(userFolder, tarballs) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dependencies = {};
	for (const tarball of tarballs) {
		const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-unpack-'));
		execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
		const { name, version } = JSON.parse(
			fs.readFileSync(path.join(staging, 'package.json'), 'utf8'),
		);
		const target = path.join(nodesDir, 'node_modules', name);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.cpSync(staging, target, { recursive: true });
		fs.rmSync(staging, { recursive: true, force: true });
		dependencies[name] = version;
	}
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies }, null, 2),
	);
}

let nextBrokerPort = 15679 + (process.pid % 500) * 2;

/**
 * Prepares an n8n user folder with the package installed, for n8n's `line` (IDV_N8N_LINE's).
 * Returns helpers to import credentials and workflows, execute, and start the server or a
 * queue-mode worker. `env` is laid over the defaults (e.g. a shared database, queue mode).
 */
async function createInstance({ line = N8N_LINE, userFolder, env: extraEnv = {} } = {}) {
	const runtime = await ensureN8n(line);
	const folder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `idv-n8n-${line}-`));
	installPackages(folder, packPackages());
	// A test runner's NODE_ENV=test (and its own variables) change how n8n boots: leave them out.
	const inherited = Object.fromEntries(
		Object.entries(runtime.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_')),
	);
	const env = {
		...inherited,
		N8N_USER_FOLDER: folder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// 2.x fetches an MCP registry at start-up (offline here); 1.x has no such module.
		...(line === 'v2' ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_RUNNERS_BROKER_PORT: String(nextBrokerPort++),
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_SECURE_COOKIE: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		DB_SQLITE_POOL_SIZE: '1',
		...extraEnv,
	};
	const cli = (args, options = {}) =>
		new Promise((resolve) => {
			const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
				env: { ...env, ...(options.env || {}) },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			options.onSpawn?.(child);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			child.on('close', (code) => resolve({ code, stdout, stderr }));
		});
	const mustSucceed = async (args) => {
		const result = await cli(args);
		if (result.code !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
			);
		return result;
	};
	return {
		folder,
		version: runtime.version,
		env,
		cli,
		async importCredentials(credentials) {
			const file = path.join(folder, 'credentials.json');
			fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
			await mustSucceed(['import:credentials', `--input=${file}`]);
		},
		async importWorkflow(workflow) {
			const file = path.join(folder, `workflow-${workflow.id}.json`);
			fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
			await mustSucceed(['import:workflow', `--input=${file}`]);
		},
		/** Runs a workflow headlessly; returns { ok, run, stdout }. */
		async execute(workflowId, options = {}) {
			const result = await cli(['execute', `--id=${workflowId}`, '--rawOutput'], options);
			const lines = result.stdout.split('\n');
			const start = lines.indexOf('{');
			// n8n may log a line (its task runner registering) after the run's JSON.
			const end = lines.lastIndexOf('}');
			let run;
			if (start >= 0 && end > start) {
				try {
					run = JSON.parse(lines.slice(start, end + 1).join('\n'));
				} catch {
					run = undefined;
				}
			}
			return {
				ok: result.code === 0,
				code: result.code,
				run,
				stdout: result.stdout,
				stderr: result.stderr,
			};
		},
		/** Starts the editor/webhook server; resolves when it is ready. */
		start(port) {
			// n8n 1.x reports ready before its REST routes exist: wait for those too.
			return startServer(
				runtime,
				['start'],
				{ ...env, N8N_HOST: '127.0.0.1', N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_PORT: String(port) },
				port,
				['/healthz/readiness', '/rest/settings'],
			);
		},
		/** Starts a queue-mode worker (`n8n worker`), its health server on `port`; resolves when it is ready. */
		worker(port, concurrency = 10) {
			return startServer(
				runtime,
				['worker', `--concurrency=${concurrency}`],
				{ ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) },
				port,
				['/healthz/readiness'],
			);
		},
	};
}

/** Spawns an n8n command that serves HTTP; resolves once every readiness path answers 2xx. */
async function startServer(runtime, args, env, port, readyPaths) {
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	// Generous: a cold start takes about 10 s, much longer on a machine busy with other work.
	const deadline = Date.now() + 240_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n ${args[0]} exited:\n${output.slice(-3000)}`);
		let ready = true;
		for (const readyPath of readyPaths) {
			try {
				ready = ready && (await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok;
			} catch {
				ready = false; // not listening yet
			}
		}
		if (ready) return { child, output: () => output, stop: () => stopProcess(child) };
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	stopProcess(child);
	throw new Error(`n8n ${args[0]} did not become ready on port ${port}:\n${output.slice(-3000)}`);
}

function stopProcess(child) {
	return new Promise((resolve) => {
		if (child.exitCode !== null) return resolve();
		child.once('close', resolve);
		child.kill('SIGTERM');
		setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
	});
}

// What the simulated RiskOS sends with each webhook delivery (Developer Workbench → Webhooks).
const RISKOS_WEBHOOK_AUTHORIZATION = 'Bearer sim-riskos-webhook-secret';

/** Credentials pointing at a simulator, with the IDs the example workflows use. */
function simulatorCredentials(simUrl) {
	return [
		// The Webhook node of example 2 accepts only calls that carry this header.
		{
			id: 'idvSimRiskOsHook',
			name: 'RiskOS webhook (simulator)',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: RISKOS_WEBHOOK_AUTHORIZATION },
		},
		{
			id: 'idvSimSocure01',
			name: 'Socure RiskOS (simulator)',
			type: 'socureRiskOsApi',
			data: { environment: 'custom', baseUrl: `${simUrl}/socure`, apiKey: 'sim-socure-key' },
		},
		{
			id: 'idvSimVerifik1',
			name: 'Verifik (simulator)',
			type: 'verifikApi',
			data: {
				environment: 'custom',
				baseUrl: `${simUrl}/verifik`,
				accessToken: 'sim-verifik-token',
			},
		},
		{
			id: 'idvSimUnit21001',
			name: 'Unit21 (simulator)',
			type: 'unit21Api',
			data: {
				environment: 'custom',
				baseUrl: `${simUrl}/unit21`,
				orgName: 'sim_org',
				apiKey: 'sim-unit21-key',
			},
		},
		// n8n's own OpenAI credential, its Base URL on the simulator's scripted chat model.
		{
			id: 'idvOpenAi00001',
			name: 'OpenAI',
			type: 'openAiApi',
			data: { apiKey: 'sim-openai-key', url: `${simUrl}/openai/v1` },
		},
		// What the simulator's RiskOS and Unit21 send with their webhook deliveries (sim/server.js SECRETS).
		{
			id: 'idvSimRiskOsTrg',
			name: 'Socure RiskOS webhook (simulator)',
			type: 'socureRiskOsWebhookApi',
			data: { authType: 'bearer', token: SECRETS.riskosWebhookToken },
		},
		{
			id: 'idvSimUnit21Hook',
			name: 'Unit21 webhook (simulator)',
			type: 'unit21WebhookApi',
			data: { secretKey: SECRETS.unit21WebhookKey },
		},
	];
}

/**
 * The simulated chat model's script for example 5 (the KYC assistant): list the documents of
 * the evaluation, read Verifik's check dl_failed, then answer from what the tools returned
 * (so the answer proves the tool results reached the model).
 */
function kycAssistantScript(evaluationId) {
	return [
		{ toolCalls: [{ name: 'Socure_documents', arguments: { evaluationId } }] },
		{
			toolCalls: [{ name: 'Verifik_liveness_check', arguments: { livenessCheckId: 'dl_failed' } }],
		},
		{
			content: (request) => {
				const results = toolResults(request);
				const [socure] = results.Socure_documents;
				const [verifik] = results.Verifik_liveness_check;
				const failed = Object.entries(verifik.validationResults)
					.filter(([, check]) => !check.passed)
					.map(([name]) => name);
				return `Evaluation ${socure.evaluationId}: ${socure.files.map((file) => `${file.role} ${file.fileName}`).join(', ')}. Verifik check ${verifik._id} failed: ${failed.join(', ')}.`;
			},
		},
	];
}

function loadExamples() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** The tool results a chat-model request carries, by tool name, parsed. */
function toolResults(request) {
	const callNames = new Map(
		request.messages.flatMap((message) =>
			(message.tool_calls ?? []).map((call) => [call.id, call.function.name]),
		),
	);
	return Object.fromEntries(
		request.messages
			.filter((message) => message.role === 'tool')
			.map((message) => [callNames.get(message.tool_call_id), JSON.parse(message.content)]),
	);
}

/**
 * The API simulator and a real n8n (createInstance's `instance` options) on it, with the
 * simulator's credentials, `credentials(simUrl)` more, and `workflows` imported. The simulator
 * (createSimulator's `simulator` options) is closed again when n8n does not come up.
 */
async function startWithSimulator({
	simulator,
	instance,
	credentials = () => [],
	workflows = [],
} = {}) {
	const sim = await createSimulator(simulator);
	try {
		const n8n = await createInstance(instance);
		await n8n.importCredentials([...simulatorCredentials(sim.url), ...credentials(sim.url)]);
		for (const workflow of workflows) await n8n.importWorkflow(workflow);
		return { sim, n8n };
	} catch (error) {
		await sim.close();
		throw error;
	}
}

/** Activates an imported workflow: publish:workflow on n8n 2.x, update:workflow on 1.x. */
async function activateWorkflow(n8n, id) {
	const published = await n8n.cli(['publish:workflow', `--id=${id}`]);
	if (published.code === 0) return;
	const updated = await n8n.cli(['update:workflow', `--id=${id}`, '--active=true']);
	if (updated.code !== 0)
		throw new Error(`activating ${id} failed:\n${published.stderr}\n${updated.stderr}`);
}

/** Sets up the owner of a fresh n8n server at base; returns the answer's ok and the session cookie. */
async function setUpOwner(base) {
	const setup = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			email: 'owner@example.com',
			firstName: 'E2E',
			lastName: 'Owner',
			password: 'E2e-password-1',
		}),
	});
	const cookie = setup.headers
		.getSetCookie()
		.map((cookie) => cookie.split(';')[0])
		.join('; ');
	return { ok: setup.ok, cookie };
}

/** What Unit21 sends when an alert on customer-2002 is created, naming the Socure evaluation. */
function unit21AlertCreated(title, evaluationId) {
	return {
		unit21_id: 7001,
		object_type: 'ALERT',
		change: 'CREATED',
		status: 'OPEN',
		title,
		change_time: Math.floor(Date.now() / 1000),
		entities: [{ entity_id: 'customer-2002', entity_type: 'user', resolution: null }],
		custom_data: { socure_eval_ids: { 'customer-2002': evaluationId } },
	};
}

module.exports = {
	activateWorkflow,
	manualWorkflow,
	setUpOwner,
	toolResults,
	unit21AlertCreated,
	createInstance,
	startWithSimulator,
	N8N_LINE,
	simulatorCredentials,
	RISKOS_WEBHOOK_AUTHORIZATION,
	loadExamples,
	kycAssistantScript,
	packPackages,
	PACKAGE_NAMES,
	NODE_TYPES,
	nodeType,
	ROOT,
};
