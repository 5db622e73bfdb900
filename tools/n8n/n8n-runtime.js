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

const CACHE_ROOT =
	process.env.IDV_N8N_CACHE ||
	path.join(
		process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
		'n8n-nodes-idv-documents',
	);

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
		const timer = setInterval(
			() => log(`${label}: ${Math.round((Date.now() - started) / 1000)} s…`),
			15000,
		);
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
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: `node-${major}`, private: true }),
	);
	log(`installing Node ${major} from the npm registry into ${dir} (one time)`);
	// The `node` package fetches its binary package in an install script: scripts must run here.
	await runWithProgress(
		`Node ${major}`,
		'npm',
		['install', `node@${major}`, '--no-audit', '--no-fund', '--ignore-scripts=false'],
		{ cwd: dir, env: cleanEnv() },
	);
	if (!fs.existsSync(binary)) throw new Error(`Node ${major} did not install to ${binary}`);
	return binary;
}

// The caller's npm configuration must not reach the cache's installs: `npm run` exports the
// project's .npmrc (ignore-scripts=true) as npm_config_ignore_scripts, which would silently skip
// the native builds. Only settings that say how to reach the registry pass through.
const PASSED_NPM_CONFIG =
	/^npm_config_(registry|.*:registry|cafile|ca|cert|key|strict_ssl|proxy|https?_proxy|noproxy|no_proxy|cache|userconfig|globalconfig)$/i;

function cleanEnv() {
	return Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^npm_config_/i.test(key) || PASSED_NPM_CONFIG.test(key),
		),
	);
}

/**
 * The headers that match nodeBin, for node-gyp: the registry's `node` package ships them
 * (node-<platform>-<arch>/include/node), a system Node has them beside its bin folder.
 * Building against other headers (a ~/.npmrc nodedir of an older Node) breaks isolated-vm,
 * which is not ABI-stable; no headers means node-gyp downloads them (offline here).
 */
function headersFor(nodeBin) {
	const version = execFileSync(nodeBin, ['-p', 'process.versions.node'], {
		encoding: 'utf8',
	}).trim();
	const binDir = path.dirname(nodeBin);
	const candidates = [
		path.join(binDir, '..', 'node_modules', `node-${process.platform}-${process.arch}`),
		path.join(binDir, '..', '..', `node-${process.platform}-${process.arch}`),
		path.join(binDir, '..'),
	];
	for (const candidate of candidates) {
		const versionHeader = path.join(candidate, 'include', 'node', 'node_version.h');
		if (!fs.existsSync(versionHeader)) continue;
		const header = fs.readFileSync(versionHeader, 'utf8');
		const part = (name) => (header.match(new RegExp(`#define ${name} (\\d+)`)) || [])[1];
		if (
			[part('NODE_MAJOR_VERSION'), part('NODE_MINOR_VERSION'), part('NODE_PATCH_VERSION')].join(
				'.',
			) === version
		)
			return path.resolve(candidate);
	}
	return undefined;
}

const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

// Loads and uses each native module the way n8n does (SQLite database; the `vm` expression
// engine's isolates), with n8n's own Node: a build for another ABI fails here, not in n8n.
const NATIVE_CHECK = `
const [dir] = process.argv.slice(1);
const load = (name) => require(require.resolve(name, { paths: [dir + '/node_modules/n8n', dir] }));
const sqlite3 = load('sqlite3');
const ivm = load('isolated-vm');
const isolate = new ivm.Isolate({ memoryLimit: 16 });
if (isolate.createContextSync().evalSync('6 * 7') !== 42) throw new Error('isolated-vm evaluated wrongly');
const db = new sqlite3.Database(':memory:');
db.get('select 6 * 7 as answer', (error, row) => {
	if (error || row.answer !== 42) throw error || new Error('sqlite3 answered wrongly');
	db.close();
});
`;

/** Returns undefined when n8n's native modules load with nodeBin, else why not. */
function nativeModulesProblem(dir, nodeBin) {
	try {
		execFileSync(nodeBin, ['-e', NATIVE_CHECK, dir], {
			cwd: dir,
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 60000,
		});
		return undefined;
	} catch (error) {
		const stderr = String(error.stderr || error.message);
		const lines = stderr
			.split('\n')
			.filter((line) => /Error|error:|Cannot find|NODE_MODULE_VERSION/.test(line));
		return (lines.slice(0, 3).join(' ') || stderr.slice(-500)).trim();
	}
}

async function rebuildNativeModules(dir, nodeBin, env) {
	const nodedir = headersFor(nodeBin);
	const rebuildEnv = { ...env, ...(nodedir ? { npm_config_nodedir: nodedir } : {}) };
	log(
		`building ${NATIVE_MODULES.join(' and ')} for ${nodeBin}${nodedir ? ` with the headers in ${nodedir}` : ''}`,
	);
	await runWithProgress(
		'native modules',
		'npm',
		[
			'rebuild',
			...NATIVE_MODULES,
			'--ignore-scripts=false',
			'--foreground-scripts',
			'--loglevel=error',
		],
		{ cwd: dir, env: rebuildEnv },
	);
}

/** One installer at a time per cache folder (the demo, the e2e suite and dev may start together). */
async function withInstallLock(dir, work) {
	const lock = `${dir}.lock`;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(
				fs.existsSync(path.join(lock, 'pid')) ? fs.readFileSync(path.join(lock, 'pid'), 'utf8') : 0,
			);
			if (!processAlive(holder)) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`waiting for process ${holder}, which is installing into ${dir}`);
			announced = true;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function processAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

async function installN8n(pinned, dir, nodeBin, env) {
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
	log(`installing n8n ${pinned.n8n} into ${dir} (one time, about 9 minutes and 3 GB)`);
	// Scripts off: the Kafka node's native build downloads a binary; rebuild only what n8n needs.
	await runWithProgress(
		`n8n ${pinned.n8n}`,
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: dir, env },
	);
	await rebuildNativeModules(dir, nodeBin, env);
}

/** Returns { n8nBin, nodeBin, version, env } for a ready n8n, installing it on first use. */
async function ensureN8n(line = 'v2') {
	const pinned = N8N_VERSIONS[line];
	if (!pinned) throw new Error(`unknown n8n line ${line}`);
	const nodeBin = await ensureNode(pinned.node);
	const dir = path.join(CACHE_ROOT, `n8n-${pinned.n8n}`);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.installed');
	const env = {
		...cleanEnv(),
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
	};
	// A cache is ready when its marker names this Node and the native modules load with it.
	const ready = () =>
		fs.existsSync(marker) &&
		fs.readFileSync(marker, 'utf8').includes(`node ${nodeBin}`) &&
		!nativeModulesProblem(dir, nodeBin);
	if (!ready()) {
		await withInstallLock(dir, async () => {
			if (fs.existsSync(marker) && !nativeModulesProblem(dir, nodeBin))
				return fs.writeFileSync(marker, `${new Date().toISOString()} node ${nodeBin}\n`);
			if (fs.existsSync(marker)) {
				log(
					`the n8n in ${dir} cannot load its native modules (${nativeModulesProblem(dir, nodeBin)}): rebuilding them`,
				);
				fs.rmSync(marker);
				await rebuildNativeModules(dir, nodeBin, env);
			} else {
				await installN8n(pinned, dir, nodeBin, env);
			}
			let problem = nativeModulesProblem(dir, nodeBin);
			if (problem && fs.existsSync(n8nBin)) {
				log(`still cannot load them (${problem}): reinstalling n8n ${pinned.n8n} from scratch`);
				await installN8n(pinned, dir, nodeBin, env);
				problem = nativeModulesProblem(dir, nodeBin);
			}
			if (problem)
				throw new Error(
					`n8n ${pinned.n8n} in ${dir} installed, but its native modules do not load with ${nodeBin}: ${problem}. Check that python3, make and a C++ compiler are installed, then run npm run n8n:install again`,
				);
			log(`native modules load with ${nodeBin}`);
			fs.writeFileSync(marker, `${new Date().toISOString()} node ${nodeBin}\n`);
		});
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
