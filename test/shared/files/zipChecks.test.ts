/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { randomBytes } from 'crypto';
import { crc32 as zlibCrc32, deflateRawSync } from 'zlib';

import {
	listZipEntries,
	readZipEntry,
	readZipFiles,
	ZipFormatError,
} from '@idv-documents/shared/files/zip';
import { buildZip } from '../../fixtures/zip';

// The CRC-32 and size checks done by the gzip stream's trailer, at their edges.

async function readAll(archive: Buffer): Promise<Buffer[]> {
	const files: Buffer[] = [];
	for await (const file of readZipFiles(archive)) files.push(file.content);
	return files;
}

/** The ZipFormatError a read ends with (any other outcome fails the test). */
async function failure(reading: Promise<unknown>): Promise<ZipFormatError> {
	const outcome: unknown = await reading.catch((error: unknown) => error);
	expect(outcome).toBeInstanceOf(ZipFormatError);
	return outcome as ZipFormatError;
}

describe('stored entries', () => {
	test.each([0, 1, 65535, 65536, 3 * 65535 + 7])(
		'%d bytes are read exactly (stored blocks split at 64 KB)',
		async (size) => {
			const content = randomBytes(size);
			const [file] = await readAll(buildZip([{ name: 'a.jpg', content, method: 'stored' }]));
			expect(file.equals(content)).toBe(true);
		},
	);

	test('a CRC mismatch in the last of several blocks is caught', async () => {
		const content = randomBytes(200_000);
		const archive = buildZip([{ name: 'front.jpg', content, method: 'stored' }]);
		const entry = listZipEntries(archive)[0];
		const start = entry.localHeaderOffset + 30 + 'front.jpg'.length;
		archive[start + 199_990] ^= 0x40;
		const error = await failure(readAll(archive));
		expect(error.reason).toBe('crcMismatch');
		expect(error.message).toBe('entry "front.jpg" fails its CRC-32 check (the archive is corrupt)');
	});
});

describe('deflated entries', () => {
	test('the archive is left as it was (its bytes are written to the stream, not handed over)', async () => {
		const archive = buildZip([
			{ name: 'a.pdf', content: randomBytes(300_000) },
			{ name: 'b.jpg', content: randomBytes(70_000), method: 'stored' },
		]);
		const copy = Buffer.from(archive);
		await readAll(archive);
		expect(archive.equals(copy)).toBe(true);
	});

	test('bytes after the deflate data inside the entry give the right content or a ZipFormatError', async () => {
		// The gzip stream reads them as its trailer; what happens then is the slow path's
		// DecompressionStream('deflate-raw'): Node 20 ignores such bytes, Node 24 refuses them.
		const content = randomBytes(100_000);
		const deflated = Buffer.concat([
			deflateRawSync(content),
			Buffer.from('trailing bytes of a sloppy writer'),
		]);
		const archive = buildZip([
			{
				name: 'a.pdf',
				method: 'deflated',
				deflated,
				crc: zlibCrc32(content),
				declaredSize: content.length,
			},
		]);
		const outcome = await readAll(archive).catch((error: unknown) => error);
		if (Array.isArray(outcome)) expect(outcome[0].equals(content)).toBe(true);
		else expect(outcome).toBeInstanceOf(ZipFormatError);
	});

	test('trailing bytes do not hide a CRC mismatch', async () => {
		const content = randomBytes(10_000);
		const deflated = Buffer.concat([deflateRawSync(content), Buffer.alloc(12, 1)]);
		const archive = buildZip([
			{
				name: 'a.pdf',
				method: 'deflated',
				deflated,
				crc: zlibCrc32(content) ^ 1,
				declaredSize: content.length,
			},
		]);
		expect(['crcMismatch', 'corrupt']).toContain((await failure(readAll(archive))).reason);
	});

	test('data that inflates to fewer bytes than declared names both sizes', async () => {
		const content = randomBytes(5000);
		const archive = buildZip([{ name: 'short.jpg', content, declaredSize: 6000 }]);
		const error = await failure(readZipEntry(archive, listZipEntries(archive)[0]));
		expect(error.reason).toBe('corrupt');
		expect(error.message).toBe('entry "short.jpg" has 5000 bytes but declares 6000');
	});

	test('an entry declaring 3 GB for a few bytes is refused by its size, without a 3 GB buffer', async () => {
		const content = Buffer.from('tiny');
		const archive = buildZip([{ name: 'liar.jpg', content, declaredSize: 3 * 1024 ** 3 }]);
		const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
		let peak = 0;
		const watch = setInterval(
			() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - arrayBuffersBefore)),
			1,
		);
		const [entry] = listZipEntries(archive, {
			maxEntries: 10,
			maxTotalUncompressedBytes: 4 * 1024 ** 3,
		});
		const error = await failure(readZipEntry(archive, entry)).finally(() => clearInterval(watch));
		expect(error.reason).toBe('corrupt');
		expect(error.message).toBe(`entry "liar.jpg" has 4 bytes but declares ${3 * 1024 ** 3}`);
		expect(peak).toBeLessThan(1024 ** 3);
	});

	test('deflate data cut short is corrupt', async () => {
		const content = randomBytes(50_000);
		const deflated = deflateRawSync(content).subarray(0, 20_000);
		const archive = buildZip([
			{
				name: 'cut.jpg',
				method: 'deflated',
				deflated,
				crc: zlibCrc32(content),
				declaredSize: content.length,
			},
		]);
		const error = await failure(readAll(archive));
		expect(error.reason).toBe('corrupt');
		expect(error.message).toBe('entry "cut.jpg" holds corrupt deflate data');
	});
});
