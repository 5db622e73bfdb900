// Child processes of the bench: peak memory from /proc, the plain-Node floor
// (bench-floor.js), the in-engine memory scenarios (jest) and CPU profile summaries.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const BENCH_DIR = path.resolve(__dirname, '..');

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

function runFloor(mode, simUrl, count, concurrency) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[`${BENCH_DIR}/bench-floor.js`, mode, simUrl, String(count), String(concurrency)],
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

/** Runs cpu-profile-summary.js over a profile; resolves with what it prints. */
function summariseProfile(file, args, label) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [`${BENCH_DIR}/cpu-profile-summary.js`, file, ...args], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(label))));
	});
}

module.exports = { watchPeakMemory, runFloor, engineMemory, summariseProfile };
