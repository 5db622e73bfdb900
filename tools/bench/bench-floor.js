// The floor for the benchmark: what a plain Node script needs to do the same job with no
// n8n at all, at the same concurrency. `socure`: fetch each evaluation's ZIP, inflate every
// entry and check its CRC-32 with node:zlib, write each file to disk (as n8n's filesystem
// binary mode must). `unit21`: upload each of those files as multipart (fetch + FormData).
// `realistic` and `realistic-upload`: the same over the simulator's realistic 2 MB archives
// (dddddddd-*) and its 1 MB photos (d1d1d1d1-*).
// `large`: the 100 MB archive the way the node reads it (Node's http client, as n8n's
// helpers use, into one buffer of the announced length; entries inflated and written one
// at a time), reporting the process's memory at rest and at its peak.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const [mode, simUrl, count, concurrency] = process.argv.slice(2);
const ID_PREFIX = { realistic: 'dddddddd', 'realistic-upload': 'd1d1d1d1' }[mode] || 'cccccccc';
const evaluationIds = Array.from(
	{ length: Number(count) },
	(_, index) => `${ID_PREFIX}-0000-4000-8000-${String(index).padStart(12, '0')}`,
);

function* zipEntries(archive) {
	const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const count = archive.readUInt16LE(eocd + 10);
	let cursor = archive.readUInt32LE(eocd + 16);
	for (let index = 0; index < count; index++) {
		const entryStart = cursor;
		const method = archive.readUInt16LE(cursor + 10);
		const compressed = archive.readUInt32LE(cursor + 20);
		const nameLength = archive.readUInt16LE(cursor + 28);
		const skip = nameLength + archive.readUInt16LE(cursor + 30) + archive.readUInt16LE(cursor + 32);
		const local = archive.readUInt32LE(cursor + 42);
		const name = archive.subarray(cursor + 46, cursor + 46 + nameLength).toString('utf8');
		cursor += 46 + skip;
		if (name.endsWith('/')) continue;
		const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
		const data = archive.subarray(start, start + compressed);
		const content = method === 8 ? zlib.inflateRawSync(data) : data;
		if (zlib.crc32(content) !== archive.readUInt32LE(entryStart + 16))
			throw new Error(`${name} fails its CRC-32 check`);
		yield { name, content };
	}
}

async function pool(total, limit, task) {
	let next = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			while (next < total) await task(next++);
		}),
	);
}

function peakRssMb() {
	return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
}

function download(url, headers) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (response) => {
				const archive = Buffer.allocUnsafe(Number(response.headers['content-length']));
				let filled = 0;
				response.on('data', (chunk) => {
					chunk.copy(archive, filled);
					filled += chunk.length;
				});
				response.on('end', () => resolve(archive.subarray(0, filled)));
				response.on('error', reject);
			})
			.on('error', reject);
	});
}

async function large() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-floor-'));
	const restMb = process.memoryUsage().rss / 1024 / 1024;
	const archive = await download(
		`${simUrl}/socure/api/evaluation/${evaluationIds[0].replace('cccccccc', 'bbbbbbbb')}/documents`,
		{ Authorization: 'Bearer sim-socure-key' },
	);
	for (const entry of zipEntries(archive))
		fs.writeFileSync(path.join(dir, path.basename(entry.name)), entry.content);
	fs.rmSync(dir, { recursive: true, force: true });
	process.stdout.write(
		`${JSON.stringify({ restMb, peakMb: peakRssMb(), archiveMb: archive.length / 1024 / 1024 })}\n`,
	);
}

async function main() {
	if (mode === 'large') return await large();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-floor-'));
	const started = process.hrtime.bigint();
	let files = 0;
	if (mode === 'socure' || mode === 'realistic') {
		await pool(evaluationIds.length, Number(concurrency), async (index) => {
			// Node's http client, as n8n's helpers use (fetch is several times slower on Node 20).
			const archive = await download(
				`${simUrl}/socure/api/evaluation/${evaluationIds[index]}/documents`,
				{ Authorization: 'Bearer sim-socure-key' },
			);
			for (const entry of zipEntries(archive)) {
				fs.writeFileSync(path.join(dir, `${index}-${path.basename(entry.name)}`), entry.content);
				files++;
			}
		});
	} else {
		// Inputs prepared before the clock starts: the floor measures the uploads only.
		const uploads = [];
		for (const [index, id] of evaluationIds.entries()) {
			const response = await fetch(`${simUrl}/socure/api/evaluation/${id}/documents`, {
				headers: { Authorization: 'Bearer sim-socure-key' },
			});
			for (const entry of zipEntries(Buffer.from(await response.arrayBuffer())))
				uploads.push({ index, ...entry });
		}
		const uploadStarted = process.hrtime.bigint();
		await pool(uploads.length, Number(concurrency), async (index) => {
			const upload = uploads[index];
			const form = new FormData();
			form.append('data', new Blob([upload.content]), path.basename(upload.name));
			const response = await fetch(`${simUrl}/unit21/v1/sim_org/entities/bench-entity/link-media`, {
				method: 'PUT',
				headers: { 'u21-key': 'sim-unit21-key' },
				body: form,
			});
			if (!response.ok) throw new Error(`upload failed: ${response.status}`);
			files++;
		});
		process.stdout.write(
			`${JSON.stringify({ ms: Number(process.hrtime.bigint() - uploadStarted) / 1e6, files })}\n`,
		);
		return;
	}
	fs.rmSync(dir, { recursive: true, force: true });
	process.stdout.write(
		`${JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, files })}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
