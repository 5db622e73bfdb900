// The services n8n's queue mode needs beside n8n itself, started from the machine's
// Debian packages into temporary folders on free ports: Redis (the job queue) and
// PostgreSQL (the database main and workers share; n8n warns that queue mode on SQLite
// is not supported). `.ci/run` installs both packages when they are missing.
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function findBinary(name, folders) {
	for (const folder of [...folders, ...(process.env.PATH || '').split(path.delimiter)]) {
		const candidate = path.join(folder, name);
		if (fs.existsSync(candidate)) return candidate;
	}
	throw new Error(
		`${name} is not installed: apt-get install ${name === 'redis-server' ? 'redis-server' : 'postgresql'} (.ci/run does this)`,
	);
}

function postgresBinaries() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))
		: [];
	return versions.map((version) => path.join(root, version, 'bin'));
}

function stopChild(child, signal = 'SIGTERM') {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('close', resolve);
		child.kill(signal);
		setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
	});
}

async function waitFor(check, what, child, output) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`${what} exited (${child.exitCode}):\n${output().slice(-2000)}`);
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} did not become ready:\n${output().slice(-2000)}`);
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
	});
}

function capture(child) {
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	return () => output;
}

/** Redis on a free port, nothing persisted. Returns { port, stop }. */
async function startRedis() {
	const port = await freePort();
	const child = spawn(
		findBinary('redis-server', []),
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const output = capture(child);
	await waitFor(() => redisPing(port), 'redis-server', child, output);
	return { port, stop: () => stopChild(child) };
}

/**
 * A throw-away PostgreSQL cluster on a free port, trusting local connections.
 * PostgreSQL refuses to run as root: as root it runs as the `postgres` user the Debian package creates.
 * Returns { port, user, database, query(sql), stop }.
 */
async function startPostgres() {
	const bin = postgresBinaries();
	const initdb = findBinary('initdb', bin);
	const postgres = findBinary('postgres', bin);
	const psql = findBinary('psql', bin);
	const asRoot = process.getuid && process.getuid() === 0;
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-pg-'));
	const as = (command, args) =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	if (asRoot) execFileSync('chown', ['postgres', dataDir]);
	execFileSync(
		...as(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const port = await freePort();
	const child = spawn(
		...as(postgres, [
			'-D',
			dataDir,
			'-p',
			String(port),
			'-h',
			'127.0.0.1',
			'-k',
			dataDir,
			'-c',
			'fsync=off',
			'-c',
			'max_connections=200',
		]),
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const output = capture(child);
	const query = (sql) =>
		execFileSync(
			psql,
			['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atc', sql],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		).trim();
	await waitFor(async () => query('select 1') === '1', 'postgres', child, output);
	return {
		port,
		user: 'postgres',
		database: 'postgres',
		query,
		async stop() {
			// runuser does not pass signals on: signal the postmaster itself. SIGINT is
			// PostgreSQL's fast shutdown (SIGTERM waits for every client to leave).
			const postmaster = Number(
				fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
			);
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('close', resolve));
				process.kill(postmaster, 'SIGINT');
				await exited;
			}
			fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

module.exports = { startRedis, startPostgres, freePort };
