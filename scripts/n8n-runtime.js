// Installs a pinned, real n8n once into a cache folder outside the repo and reuses it.
// n8n 2.x needs Node 24 (the newest 1.x, Node 22): when the machine's Node is older, it
// comes from the npm registry's `node` package. Facts behind each step: ../shared/reference/REAL-N8N.md.
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const N8N_VERSIONS = {
	// The 2.x line users get today; 2.41.3 does not install from this registry.
	v2: { n8n: '2.41.1', node: '24' },
	// The newest 1.x, on Node 22 (its isolated-vm needs it). Its xlsx comes from a CDN
	// tarball this machine cannot reach: the npm registry's last xlsx release stands in.
	v1: { n8n: '1.123.81', node: '22', overrides: { xlsx: '0.18.5' } },
};

const CACHE_ROOT = process.env.IDV_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-idv-documents');

function log(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

function run(command, args, options = {}) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** Runs a long install, printing a heartbeat so a first run never looks hung. */
function runWithProgress(label, command, args, options) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setInterval(() => log(`${label}: ${Math.round((Date.now() - started) / 1000)} s…`), 15000);
		child.on('close', (code) => {
			clearInterval(timer);
			if (code === 0) {
				log(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
				resolve();
			} else {
				process.stderr.write(output.slice(-4000));
				reject(new Error(`${label} failed with exit code ${code}`));
			}
		});
	});
}

function nodeMajor() {
	return Number(process.versions.node.split('.')[0]);
}

async function ensureNode(major) {
	if (major === 'system' || nodeMajor() >= Number(major)) return process.execPath;
	const dir = path.join(CACHE_ROOT, `node-${major}`);
	const binary = path.join(dir, 'node_modules', 'node', 'bin', 'node');
	if (fs.existsSync(binary)) return binary;
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `node-${major}`, private: true }));
	log(`installing Node ${major} from the npm registry into ${dir} (one time)`);
	// The `node` package fetches its binary package in an install script: scripts must run here.
	await runWithProgress(`Node ${major}`, 'npm', ['install', `node@${major}`, '--no-audit', '--no-fund', '--ignore-scripts=false'], { cwd: dir });
	if (!fs.existsSync(binary)) throw new Error(`Node ${major} did not install to ${binary}`);
	return binary;
}

/** Returns { n8nBin, nodeBin, version, env } for a ready n8n, installing it on first use. */
async function ensureN8n(line = 'v2') {
	const pinned = N8N_VERSIONS[line];
	if (!pinned) throw new Error(`unknown n8n line ${line}`);
	const nodeBin = await ensureNode(pinned.node);
	const dir = path.join(CACHE_ROOT, `n8n-${pinned.n8n}`);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.installed');
	const env = { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` };
	if (!fs.existsSync(marker)) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({
				name: `n8n-${pinned.n8n}`,
				private: true,
				dependencies: { n8n: pinned.n8n },
				// linkedom 0.18.15 needs a package this registry lacks.
				overrides: { linkedom: '0.18.13', ...(pinned.overrides || {}) },
			}),
		);
		log(`installing n8n ${pinned.n8n} into ${dir} (one time, about 6 minutes and 3 GB)`);
		// Scripts off: the Kafka node's native build downloads a binary; rebuild only what n8n needs.
		await runWithProgress(`n8n ${pinned.n8n}`, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
		await runWithProgress('native modules', 'npm', ['rebuild', 'sqlite3', 'isolated-vm', '--loglevel=error'], { cwd: dir, env });
		fs.writeFileSync(marker, new Date().toISOString());
	}
	return { n8nBin, nodeBin, version: pinned.n8n, env, dir };
}

module.exports = { ensureN8n, N8N_VERSIONS, CACHE_ROOT, run, log };

if (require.main === module) {
	ensureN8n(process.argv[2] || 'v2').then(
		(runtime) => log(`ready: n8n ${runtime.version} with ${runtime.nodeBin}`),
		(error) => {
			log(error.message);
			process.exit(1);
		},
	);
}
