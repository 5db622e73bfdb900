/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { randomBytes } from 'crypto';
import { deflateRawSync } from 'zlib';

import {
	crc32,
	DEFAULT_ZIP_LIMITS,
	listZipEntries,
	readZipEntry,
	readZipFiles,
	ZIP_TAIL_BYTES,
	ZipFormatError,
	ZipTail,
} from '@idv-documents/shared/files/zip';
import { buildZip, fakeJpeg, fakePdf } from '../../fixtures/zip';

async function readAll(archive: Buffer, limits = DEFAULT_ZIP_LIMITS) {
	const files: Array<{ path: string; content: Buffer }> = [];
	for await (const { entry, content } of readZipFiles(archive, limits))
		files.push({ path: entry.path, content });
	return files;
}

async function failure(promise: Promise<unknown>): Promise<ZipFormatError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(ZipFormatError);
	return error as ZipFormatError;
}

describe('crc32', () => {
	test('matches the standard check value', () => {
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
		expect(crc32(Buffer.alloc(0))).toBe(0);
	});
});

describe('reading archives', () => {
	test('an entry named like a folder that holds data is a file; a folder holds none', async () => {
		const hidden = fakeJpeg('hidden');
		const archive = buildZip([
			{ name: 'folder/', method: 'stored' },
			{ name: 'deflated-folder/' },
			{ name: 'user_uploaded/selfie.jpg/', content: hidden },
			{ name: 'win\\scan.pdf\\', content: fakePdf('scan'), method: 'stored' },
		]);
		expect(listZipEntries(archive).map((entry) => [entry.path, entry.isDirectory])).toEqual([
			['folder/', true],
			['deflated-folder/', true],
			['user_uploaded/selfie.jpg/', false],
			['win\\scan.pdf\\', false],
		]);
		const files = await readAll(archive);
		expect(files.map((file) => file.path)).toEqual([
			'user_uploaded/selfie.jpg/',
			'win\\scan.pdf\\',
		]);
		expect(files[0].content.equals(hidden)).toBe(true);
	});

	test('a folder entry declaring no size but carrying bytes is refused, naming it', async () => {
		const archive = buildZip([
			{
				name: 'folder/',
				content: Buffer.from('smuggled bytes'),
				method: 'stored',
				declaredSize: 0,
			},
		]);
		await expect(readAll(archive)).rejects.toThrow(/entry "folder\/" has 14 bytes but declares 0/);
	});

	test('reads stored and deflated entries with exact bytes, skipping folders', async () => {
		const jpeg = fakeJpeg('front');
		const pdf = fakePdf('attachment');
		const archive = buildZip([
			{ name: 'folder/', method: 'stored' },
			{ name: 'folder/a.jpg', content: jpeg, method: 'stored' },
			{ name: 'folder/b.pdf', content: pdf, method: 'deflated' },
			{ name: 'empty.txt', content: Buffer.alloc(0) },
		]);
		const entries = listZipEntries(archive);
		expect(entries.map((entry) => [entry.path, entry.isDirectory])).toEqual([
			['folder/', true],
			['folder/a.jpg', false],
			['folder/b.pdf', false],
			['empty.txt', false],
		]);
		const files = await readAll(archive);
		expect(files.map((file) => file.path)).toEqual(['folder/a.jpg', 'folder/b.pdf', 'empty.txt']);
		expect(files[0].content.equals(jpeg)).toBe(true);
		expect(files[1].content.equals(pdf)).toBe(true);
		expect(files[2].content.length).toBe(0);
	});

	test('reads a large deflated entry (24 MB) and decodes UTF-8 names', async () => {
		const big = Buffer.concat([randomBytes(8 * 1024 * 1024), Buffer.alloc(16 * 1024 * 1024, 7)]);
		const archive = buildZip([{ name: 'pièce/Ünïcødé_selfie.jpg', content: big }]);
		const [file] = await readAll(archive);
		expect(file.path).toBe('pièce/Ünïcødé_selfie.jpg');
		expect(file.content.equals(big)).toBe(true);
	});

	test('accepts an archive comment and an empty archive', async () => {
		expect(
			await readAll(
				buildZip([{ name: 'a.txt', content: Buffer.from('hi') }], { comment: 'made by test' }),
			),
		).toHaveLength(1);
		expect(await readAll(buildZip([]))).toHaveLength(0);
	});
});

describe('refusing bad archives', () => {
	test('an HTML page is not a ZIP', async () => {
		const html = Buffer.from('<!doctype html><html><body>Sign in</body></html>');
		expect((await failure(readAll(html))).reason).toBe('notZip');
		expect((await failure(readAll(Buffer.alloc(0)))).reason).toBe('notZip');
	});

	test('a truncated archive', async () => {
		const archive = buildZip([{ name: 'a.jpg', content: fakeJpeg('a', 50_000), method: 'stored' }]);
		expect((await failure(readAll(archive.subarray(0, archive.length - 30)))).reason).toBe(
			'truncated',
		);
		expect((await failure(readAll(archive.subarray(0, 1000)))).reason).toBe('truncated');
	});

	test('a CRC mismatch', async () => {
		const content = fakeJpeg('crc');
		const error = await failure(
			readAll(buildZip([{ name: 'x.jpg', content, crc: crc32(content) ^ 1 }])),
		);
		expect(error.reason).toBe('crcMismatch');
		expect(error.message).toContain('x.jpg');
	});

	test('corrupt deflate data', async () => {
		const archive = buildZip([{ name: 'x.jpg', content: fakeJpeg('bad', 5000) }]);
		const entry = listZipEntries(archive)[0];
		const start = entry.localHeaderOffset + 30 + 'x.jpg'.length;
		archive.fill(0xff, start, start + 40);
		expect(['corrupt', 'crcMismatch']).toContain((await failure(readAll(archive))).reason);
	});

	test('encrypted entries', async () => {
		const error = await failure(
			readAll(buildZip([{ name: 'secret.jpg', content: fakeJpeg('s'), flags: 0x801 }])),
		);
		expect(error.reason).toBe('encrypted');
		expect(error.message).toContain('secret.jpg');
	});

	test('ZIP64 archives', async () => {
		expect(
			(
				await failure(
					readAll(buildZip([{ name: 'a.txt', content: Buffer.from('a') }], { zip64Locator: true })),
				)
			).reason,
		).toBe('zip64');
	});

	test('unsupported compression methods', async () => {
		const error = await failure(
			readAll(
				buildZip([
					{ name: 'a.bin', content: Buffer.from('abc'), method: 'stored', compressionMethod: 12 },
				]),
			),
		);
		expect(error.reason).toBe('unsupportedMethod');
	});

	test('more entries than the limit', async () => {
		const archive = buildZip(
			Array.from({ length: 11 }, (_, index) => ({
				name: `f${index}.txt`,
				content: Buffer.from('x'),
			})),
		);
		const error = await failure(readAll(archive, { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 }));
		expect(error.reason).toBe('tooManyEntries');
		expect(error.message).toContain('11 entries');
	});

	test('a zip bomb: declared sizes above the limit are refused before inflating', async () => {
		const zeros = Buffer.alloc(64 * 1024 * 1024);
		const archive = buildZip([
			{ name: 'bomb1.bin', content: zeros },
			{ name: 'bomb2.bin', content: zeros },
		]);
		expect(archive.length).toBeLessThan(200_000);
		const error = await failure(
			readAll(archive, { maxEntries: 10, maxTotalUncompressedBytes: 100 * 1024 * 1024 }),
		);
		expect(error.reason).toBe('tooLarge');
	});

	test('a zip bomb that lies about its size stops at the declared size', async () => {
		const zeros = Buffer.alloc(32 * 1024 * 1024);
		const compressed = deflateRawSync(zeros);
		expect(compressed.length).toBeLessThan(100_000);
		const archive = buildZip([{ name: 'liar.bin', content: zeros, declaredSize: 1024 }]);
		const entry = listZipEntries(archive)[0];
		expect(entry.uncompressedSize).toBe(1024);
		const error = await failure(readZipEntry(archive, entry));
		expect(error.reason).toBe('corrupt');
		expect(error.message).toContain('inflates to more than');
	});
});

describe('ZipTail: an archive listed from its end as it streams past', () => {
	function streamed(archive: Buffer, chunkBytes: number): ZipTail {
		const tail = new ZipTail();
		for (let offset = 0; offset < archive.length; offset += chunkBytes)
			tail.add(archive.subarray(offset, offset + chunkBytes));
		return tail;
	}

	test('lists what listZipEntries lists, keeping about ZIP_TAIL_BYTES of a larger archive', () => {
		const archive = buildZip([
			{ name: 'documentfrontDoc_Front_1_blob.jpg', content: randomBytes(3 * 1024 * 1024) },
			{ name: 'identity.pdf', content: fakePdf('id') },
			{ name: 'folder/', content: Buffer.alloc(0) },
		]);
		for (const chunkBytes of [7, 64 * 1024, archive.length])
			expect(streamed(archive, chunkBytes).entries()).toEqual(listZipEntries(archive));
	});

	test('a small archive is kept whole; the first bytes still say whether it is a ZIP', () => {
		const archive = buildZip([{ name: 'a.jpg', content: fakeJpeg('a') }]);
		expect(streamed(archive, 3).entries()).toEqual(listZipEntries(archive));
		expect(() => streamed(Buffer.from('<html>Sign in</html>'), 2).entries()).toThrow(
			'the response is not a ZIP archive',
		);
	});

	test('a central directory larger than what is kept is refused, naming why', () => {
		const longName = (index: number) => `${String(index).padStart(4, '0')}${'n'.repeat(2000)}.txt`;
		const archive = buildZip(
			Array.from({ length: 600 }, (_, index) => ({
				name: longName(index),
				content: Buffer.from('x'),
			})),
		);
		expect(listZipEntries(archive)).toHaveLength(600);
		const error = (() => {
			try {
				streamed(archive, 64 * 1024).entries();
			} catch (caught) {
				return caught;
			}
		})();
		expect(error).toBeInstanceOf(ZipFormatError);
		expect(error).toMatchObject({
			reason: 'largeDirectory',
			message: `the ZIP archive's list of files (central directory) is larger than the ${ZIP_TAIL_BYTES / 1024 / 1024} MB read from its end`,
		});
	});
});
