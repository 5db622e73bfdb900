/**
 * A ZIP reader for archives held in memory, with no library: it walks the central
 * directory and inflates entries with the web `DecompressionStream('gzip')` global, which
 * also checks every CRC-32 and size in native code. Archives are untrusted input, so every
 * offset is bounds-checked and limits stop zip bombs before and during inflation.
 */
import { formatBytes } from '../text/bytes';

export type ZipErrorReason =
	| 'notZip'
	| 'truncated'
	| 'corrupt'
	| 'crcMismatch'
	| 'tooManyEntries'
	| 'tooLarge'
	| 'encrypted'
	| 'zip64'
	| 'unsupportedMethod'
	| 'largeDirectory';

export class ZipFormatError extends Error {
	constructor(
		message: string,
		readonly reason: ZipErrorReason,
	) {
		super(message);
		this.name = 'ZipFormatError';
	}
}

export interface ZipLimits {
	/** Most entries (files and folders) an archive may list. */
	maxEntries: number;
	/** Most bytes all entries may inflate to, together. */
	maxTotalUncompressedBytes: number;
}

/**
 * Generous for a real evaluation (a few images and PDFs, even 100 MB of them), fatal for a
 * bomb; n8n 3.0's Compression node defaults (1,000 entries, 256 MiB decompressed).
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxEntries: 1000,
	maxTotalUncompressedBytes: 256 * 1024 * 1024,
};

export interface ZipEntry {
	/** The name as stored in the archive: untrusted, never use it as a file path. */
	path: string;
	isDirectory: boolean;
	compressionMethod: number;
	compressedSize: number;
	uncompressedSize: number;
	crc32: number;
	localHeaderOffset: number;
}

const SIGNATURE = {
	localFile: 0x04034b50,
	centralFile: 0x02014b50,
	endOfCentralDirectory: 0x06054b50,
	zip64Locator: 0x07064b50,
};
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const METHOD_AES = 99;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
const EOCD_SIZE = 22;
/** Some writers deflate a folder entry's nothing into 2 bytes. */
const EMPTY_DEFLATE_BYTES = 2;
const MAX_COMMENT = 0xffff;

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(bytes: Uint8Array, previous = 0): number {
	let crc = ~previous >>> 0;
	for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
	return ~crc >>> 0;
}

function view(archive: Uint8Array): DataView {
	return new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
}

function findEndOfCentralDirectory(archive: Uint8Array, data: DataView): number {
	const lowest = Math.max(0, archive.length - EOCD_SIZE - MAX_COMMENT);
	for (let offset = archive.length - EOCD_SIZE; offset >= lowest; offset--) {
		if (data.getUint32(offset, true) !== SIGNATURE.endOfCentralDirectory) continue;
		const commentLength = data.getUint16(offset + 20, true);
		if (offset + EOCD_SIZE + commentLength <= archive.length) return offset;
	}
	return -1;
}

function decodeName(bytes: Uint8Array, flags: number): string {
	if (flags & FLAG_UTF8) return new TextDecoder('utf-8').decode(bytes);
	try {
		// Most tools write UTF-8 without setting the flag; fall back to Latin-1 otherwise.
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return Buffer.from(bytes).toString('latin1');
	}
}

/** Reads and validates the central directory; inflates nothing. */
export function listZipEntries(
	archive: Uint8Array,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipEntry[] {
	return listEntriesFrom(archive.subarray(0, 4), archive, 0, limits);
}

/** How much of an archive's end ZipTail keeps: its central directory must fit (a real one lists a few files in a few KB; 1,000 entries with long names take about 100 KB). */
export const ZIP_TAIL_BYTES = 1024 * 1024;

/**
 * An archive's first bytes and its last ZIP_TAIL_BYTES (at least), kept as it streams past
 * (into n8n's store), so its central directory can be listed without holding it whole.
 */
export class ZipTail {
	private head = new Uint8Array(0);
	private readonly chunks: Uint8Array[] = [];
	private held = 0;
	private total = 0;

	add(chunk: Uint8Array): void {
		if (this.head.length < 4) {
			const head = new Uint8Array(Math.min(4, this.head.length + chunk.length));
			head.set(this.head);
			head.set(chunk.subarray(0, head.length - this.head.length), this.head.length);
			this.head = head;
		}
		this.chunks.push(chunk);
		this.held += chunk.length;
		this.total += chunk.length;
		while (this.chunks.length > 1 && this.held - this.chunks[0].length >= ZIP_TAIL_BYTES)
			this.held -= this.chunks.shift()!.length;
	}

	/** As listZipEntries, from what was kept; an archive whose directory starts before that is refused. */
	entries(limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
		const tail = Buffer.concat(this.chunks, this.held);
		return listEntriesFrom(this.head, tail, this.total - tail.length, limits);
	}
}

/**
 * Reads and validates the central directory from the archive's first bytes (`head`) and
 * its end (`tail`, which starts at offset `tailStart` of the archive; 0 for a whole one).
 */
function listEntriesFrom(
	head: Uint8Array,
	tail: Uint8Array,
	tailStart: number,
	limits: ZipLimits,
): ZipEntry[] {
	const looksLikeZip =
		head.length >= 4 &&
		head[0] === 0x50 &&
		head[1] === 0x4b &&
		(head[2] === 0x03 || head[2] === 0x05) &&
		(head[3] === 0x04 || head[3] === 0x06);
	if (!looksLikeZip) {
		throw new ZipFormatError('the response is not a ZIP archive', 'notZip');
	}
	if (tail.length < EOCD_SIZE) {
		throw new ZipFormatError(
			'the ZIP archive is truncated (no end of central directory)',
			'truncated',
		);
	}
	const data = view(tail);
	const eocd = findEndOfCentralDirectory(tail, data);
	if (eocd < 0) {
		throw new ZipFormatError(
			'the ZIP archive is truncated (no end of central directory)',
			'truncated',
		);
	}
	const diskNumber = data.getUint16(eocd + 4, true);
	const centralDisk = data.getUint16(eocd + 6, true);
	const entriesOnDisk = data.getUint16(eocd + 8, true);
	const entryCount = data.getUint16(eocd + 10, true);
	const centralSize = data.getUint32(eocd + 12, true);
	const centralOffset = data.getUint32(eocd + 16, true);
	const hasZip64Locator = eocd >= 20 && data.getUint32(eocd - 20, true) === SIGNATURE.zip64Locator;
	if (
		hasZip64Locator ||
		entryCount === 0xffff ||
		centralSize === 0xffffffff ||
		centralOffset === 0xffffffff
	) {
		throw new ZipFormatError(
			'ZIP64 archives (over 4 GB or 65,535 entries) are not supported',
			'zip64',
		);
	}
	if (diskNumber !== 0 || centralDisk !== 0 || entriesOnDisk !== entryCount) {
		throw new ZipFormatError('multi-part (spanned) ZIP archives are not supported', 'corrupt');
	}
	if (entryCount > limits.maxEntries) {
		throw new ZipFormatError(
			`the ZIP archive lists ${entryCount} entries, more than the limit of ${limits.maxEntries}`,
			'tooManyEntries',
		);
	}
	if (centralOffset + centralSize > tailStart + eocd) {
		throw new ZipFormatError(
			'the ZIP archive is truncated (central directory out of bounds)',
			'truncated',
		);
	}
	if (centralOffset < tailStart) {
		throw new ZipFormatError(
			`the ZIP archive's list of files (central directory) is larger than the ${formatBytes(ZIP_TAIL_BYTES)} read from its end`,
			'largeDirectory',
		);
	}

	const entries: ZipEntry[] = [];
	let declaredTotal = 0;
	// Offsets in `tail`.
	const directoryEnd = centralOffset - tailStart + centralSize;
	let cursor = centralOffset - tailStart;
	for (let index = 0; index < entryCount; index++) {
		if (cursor + 46 > directoryEnd || data.getUint32(cursor, true) !== SIGNATURE.centralFile) {
			throw new ZipFormatError(
				`the ZIP archive is corrupt (central directory entry ${index + 1} is damaged)`,
				'corrupt',
			);
		}
		const flags = data.getUint16(cursor + 8, true);
		const compressionMethod = data.getUint16(cursor + 10, true);
		const crc = data.getUint32(cursor + 16, true);
		const compressedSize = data.getUint32(cursor + 20, true);
		const uncompressedSize = data.getUint32(cursor + 24, true);
		const nameLength = data.getUint16(cursor + 28, true);
		const extraLength = data.getUint16(cursor + 30, true);
		const commentLength = data.getUint16(cursor + 32, true);
		const localHeaderOffset = data.getUint32(cursor + 42, true);
		const nameEnd = cursor + 46 + nameLength;
		if (nameEnd > directoryEnd) {
			throw new ZipFormatError(
				`the ZIP archive is corrupt (name of entry ${index + 1} is out of bounds)`,
				'corrupt',
			);
		}
		const path = decodeName(tail.subarray(cursor + 46, nameEnd), flags);
		if (
			compressedSize === 0xffffffff ||
			uncompressedSize === 0xffffffff ||
			localHeaderOffset === 0xffffffff
		) {
			throw new ZipFormatError(
				`entry "${path}" uses ZIP64 sizes, which are not supported`,
				'zip64',
			);
		}
		if (flags & FLAG_ENCRYPTED || compressionMethod === METHOD_AES) {
			throw new ZipFormatError(
				`entry "${path}" is encrypted; encrypted archives are not supported`,
				'encrypted',
			);
		}
		// A folder holds nothing. An entry named like one that holds data is a file, read and
		// output like any other: skipped, its bytes would never be seen.
		const isDirectory =
			/[/\\]$/.test(path) && uncompressedSize === 0 && compressedSize <= EMPTY_DEFLATE_BYTES;
		if (
			!isDirectory &&
			compressionMethod !== METHOD_STORED &&
			compressionMethod !== METHOD_DEFLATED
		) {
			throw new ZipFormatError(
				`entry "${path}" uses compression method ${compressionMethod}; only stored and deflated entries are supported`,
				'unsupportedMethod',
			);
		}
		declaredTotal += uncompressedSize;
		if (declaredTotal > limits.maxTotalUncompressedBytes) {
			throw new ZipFormatError(
				`the ZIP archive would inflate to more than ${formatBytes(limits.maxTotalUncompressedBytes)}, the limit`,
				'tooLarge',
			);
		}
		entries.push({
			path,
			isDirectory,
			compressionMethod,
			compressedSize,
			uncompressedSize,
			crc32: crc,
			localHeaderOffset,
		});
		cursor = nameEnd + extraLength + commentLength;
	}
	return entries;
}

function entryData(archive: Uint8Array, entry: ZipEntry): Uint8Array {
	const data = view(archive);
	const offset = entry.localHeaderOffset;
	if (offset + 30 > archive.length) {
		throw new ZipFormatError(
			`the ZIP archive is truncated (entry "${entry.path}" is missing)`,
			'truncated',
		);
	}
	if (data.getUint32(offset, true) !== SIGNATURE.localFile) {
		throw new ZipFormatError(
			`the ZIP archive is corrupt (local header of "${entry.path}" is damaged)`,
			'corrupt',
		);
	}
	const start = offset + 30 + data.getUint16(offset + 26, true) + data.getUint16(offset + 28, true);
	const end = start + entry.compressedSize;
	if (end > archive.length) {
		throw new ZipFormatError(
			`the ZIP archive is truncated (entry "${entry.path}" is cut off)`,
			'truncated',
		);
	}
	return archive.subarray(start, end);
}

const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const MAX_STORED_BLOCK = 0xffff;

/** gzip's trailer: the CRC-32 and the size mod 2^32 the inflated bytes must match. */
function gzipTrailer(entry: ZipEntry): Uint8Array {
	const trailer = new Uint8Array(8);
	const data = new DataView(trailer.buffer);
	data.setUint32(0, entry.crc32, true);
	data.setUint32(4, entry.uncompressedSize, true);
	return trailer;
}

/** Stored bytes as deflate "stored" blocks (5-byte headers, no copy of the bytes themselves). */
function* storedBlocks(bytes: Uint8Array): Generator<Uint8Array> {
	let offset = 0;
	do {
		const length = Math.min(MAX_STORED_BLOCK, bytes.length - offset);
		const isLast = offset + length === bytes.length;
		yield new Uint8Array([
			isLast ? 1 : 0,
			length & 0xff,
			length >>> 8,
			~length & 0xff,
			(~length >>> 8) & 0xff,
		]);
		if (length) yield bytes.subarray(offset, offset + length);
		offset += length;
	} while (offset < bytes.length);
}

/** How a decompression stream ended: every byte it gave (up to the limit), or its error. */
type StreamOutcome = { filled: number; error?: unknown };

/**
 * Writes the parts once to a decompression stream and reads its output straight into
 * `into` (only counted when `into` is undefined). Reading stops as soon as the output
 * outgrows the entry's declared size: a bomb never inflates fully.
 */
async function decompress(
	format: 'gzip' | 'deflate-raw',
	parts: Iterable<Uint8Array>,
	entry: ZipEntry,
	into: Buffer | undefined,
): Promise<StreamOutcome> {
	const stream = new DecompressionStream(format);
	const writer = stream.writable.getWriter();
	const reader = stream.readable.getReader();
	// Writes settle as the reader drains; their failures surface through the reader.
	const ignore = () => undefined;
	for (const part of parts) writer.write(part as Uint8Array<ArrayBuffer>).catch(ignore);
	writer.close().catch(ignore);
	let filled = 0;
	for (;;) {
		let chunk: Awaited<ReturnType<typeof reader.read>>;
		try {
			chunk = await reader.read();
		} catch (error) {
			return { filled, error };
		}
		if (chunk.done) return { filled };
		if (filled + chunk.value.byteLength > entry.uncompressedSize) {
			await reader.cancel().catch(ignore);
			throw new ZipFormatError(
				`entry "${entry.path}" inflates to more than its declared ${formatBytes(entry.uncompressedSize)}`,
				'corrupt',
			);
		}
		if (into && filled + chunk.value.byteLength > into.length) {
			// Beyond deflate's largest ratio (see inflateEntry): not deflate data.
			await reader.cancel().catch(ignore);
			throw corruptDeflate(entry);
		}
		into?.set(chunk.value, filled);
		filled += chunk.value.byteLength;
	}
}

/**
 * Inflates and checks in native code: `DecompressionStream('gzip')` over the deflate
 * data wrapped in a gzip header and a trailer holding the central directory's CRC-32 and
 * size (n8n's rules keep `node:zlib` out of community nodes, and a JavaScript CRC-32
 * costs more than the inflation).
 */
async function gunzipChecked(
	deflated: Iterable<Uint8Array>,
	entry: ZipEntry,
	into: Buffer | undefined,
): Promise<StreamOutcome> {
	return await decompress('gzip', [GZIP_HEADER, ...deflated, gzipTrailer(entry)], entry, into);
}

/** Inflates a deflated entry into a buffer of its declared size and checks it. */
/** Deflate never expands more than 1032:1; an entry declaring more is lying and gets no bigger buffer. */
const MAX_DEFLATE_RATIO = 1032;

async function inflateEntry(raw: Uint8Array, entry: ZipEntry): Promise<Buffer> {
	const content = Buffer.allocUnsafe(
		Math.min(entry.uncompressedSize, raw.length * MAX_DEFLATE_RATIO + 1024),
	);
	const outcome = await gunzipChecked([raw], entry, content);
	if (outcome.error === undefined) {
		if (outcome.filled !== entry.uncompressedSize) throw sizeMismatch(entry, outcome.filled);
		return content;
	}
	// Corrupt data, a wrong CRC or size, or bytes after the deflate data that the gzip stream
	// took for its trailer: Node's errors do not say which on every version (Node 24 gives no
	// message). Only on this failure path, inflate again without the trailer and check the
	// CRC-32 in JavaScript, so each failure is named exactly as before.
	const retry = await decompress('deflate-raw', [raw], entry, content);
	if (retry.error !== undefined) throw corruptDeflate(entry);
	if (retry.filled !== entry.uncompressedSize) throw sizeMismatch(entry, retry.filled);
	if (crc32(content) !== entry.crc32) throw crcMismatch(entry);
	return content;
}

function sizeMismatch(entry: ZipEntry, actual: number): ZipFormatError {
	return new ZipFormatError(
		`entry "${entry.path}" has ${actual} bytes but declares ${entry.uncompressedSize}`,
		'corrupt',
	);
}

function crcMismatch(entry: ZipEntry): ZipFormatError {
	return new ZipFormatError(
		`entry "${entry.path}" fails its CRC-32 check (the archive is corrupt)`,
		'crcMismatch',
	);
}

function corruptDeflate(entry: ZipEntry): ZipFormatError {
	return new ZipFormatError(`entry "${entry.path}" holds corrupt deflate data`, 'corrupt');
}

/** Inflates one entry and checks its size and CRC-32. */
export async function readZipEntry(archive: Uint8Array, entry: ZipEntry): Promise<Buffer> {
	const raw = entryData(archive, entry);
	if (entry.compressionMethod !== METHOD_STORED) return await inflateEntry(raw, entry);
	if (raw.length !== entry.uncompressedSize) throw sizeMismatch(entry, raw.length);
	// Checked natively as deflate stored blocks, the output counted and dropped: the entry is
	// handed out as a view of the archive, not a copy.
	const outcome = await gunzipChecked(storedBlocks(raw), entry, undefined);
	if (outcome.error !== undefined) throw crcMismatch(entry);
	return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * Yields the files (not folders) of an archive one at a time, so a caller that
 * stores each before asking for the next holds at most one inflated entry.
 */
export async function* readZipFiles(
	archive: Uint8Array,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): AsyncGenerator<{ entry: ZipEntry; content: Buffer }> {
	for (const entry of listZipEntries(archive, limits)) {
		if (entry.isDirectory) continue;
		yield { entry, content: await readZipEntry(archive, entry) };
	}
}
