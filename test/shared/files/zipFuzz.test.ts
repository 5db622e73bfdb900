/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Feeds the ZIP reader thousands of mutated archives (seeded, so any failure can be
 * replayed with IDV_FUZZ_SEED / IDV_FUZZ_CASES). Each must either read cleanly
 * within the limits or fail with the reader's own ZipFormatError; none may hang,
 * throw anything else, or hand out more than the limits allow.
 */
import { readZipFiles, ZipFormatError, type ZipLimits } from '@idv-documents/shared/files/zip';
import { seededRandom } from '../../fixtures/random';
import { buildZip, fakeJpeg, fakePdf } from '../../fixtures/zip';

const SEED = Number(process.env.IDV_FUZZ_SEED ?? 7);
const CASES = Number(process.env.IDV_FUZZ_CASES ?? 3000);
const LIMITS: ZipLimits = { maxEntries: 20, maxTotalUncompressedBytes: 512 * 1024 };
/** Far above what one small archive takes to read: only a hang gets near it. */
const HANG_GUARD_MS = 5000;

/** Valid starting points: mixed methods and folders, and one highly compressible entry (bomb material). */
const BASES: Buffer[] = [
	buildZip([
		{ name: 'docs/', method: 'stored' },
		{ name: 'docs/Doc_Front.jpg', content: fakeJpeg('front', 1500), method: 'stored' },
		{ name: 'docs/Doc_Back.jpg', content: fakeJpeg('back', 1500), method: 'deflated' },
		{ name: 'attachments/review.pdf', content: fakePdf('review'), method: 'deflated' },
	]),
	buildZip([{ name: 'zeros.bin', content: Buffer.alloc(400 * 1024), method: 'deflated' }]),
	buildZip([
		{ name: 'Selfie.jpg', content: fakeJpeg('selfie', 800), method: 'deflated' },
		{ name: 'empty.txt', content: Buffer.alloc(0), method: 'stored' },
	]),
];

type Mutation = { name: string; apply: (archive: Buffer, random: () => number) => Buffer };
const pick = <T>(values: T[], random: () => number): T =>
	values[Math.floor(random() * values.length)];
const position = (archive: Buffer, random: () => number) => Math.floor(random() * archive.length);

const MUTATIONS: Mutation[] = [
	{
		name: 'flip bits',
		apply: (archive, random) => {
			const copy = Buffer.from(archive);
			const flips = 1 + Math.floor(random() * 8);
			for (let flip = 0; flip < flips; flip++)
				copy[position(copy, random)] ^= 1 << Math.floor(random() * 8);
			return copy;
		},
	},
	{
		name: 'overwrite a 16- or 32-bit field with a boundary value',
		apply: (archive, random) => {
			const copy = Buffer.from(archive);
			if (copy.length < 4) return copy;
			const at = Math.min(position(copy, random), copy.length - 4);
			if (random() < 0.5) copy.writeUInt16LE(pick([0, 1, 0xff, 0xffff, 0x8000], random), at);
			else
				copy.writeUInt32LE(
					pick([0, 1, 0x7fffffff, 0xffffffff, archive.length, archive.length * 1000], random) >>> 0,
					at,
				);
			return copy;
		},
	},
	{
		name: 'truncate',
		apply: (archive, random) => archive.subarray(0, position(archive, random)),
	},
	{
		name: 'insert random bytes',
		apply: (archive, random) => {
			const at = position(archive, random);
			const inserted = Buffer.from(
				Array.from({ length: 1 + Math.floor(random() * 16) }, () => Math.floor(random() * 256)),
			);
			return Buffer.concat([archive.subarray(0, at), inserted, archive.subarray(at)]);
		},
	},
	{
		name: 'duplicate a slice',
		apply: (archive, random) => {
			const start = position(archive, random);
			const end = Math.min(archive.length, start + 1 + Math.floor(random() * 64));
			return Buffer.concat([
				archive.subarray(0, end),
				archive.subarray(start, end),
				archive.subarray(end),
			]);
		},
	},
	{
		name: 'zero a range',
		apply: (archive, random) => {
			const copy = Buffer.from(archive);
			const start = position(copy, random);
			copy.fill(0, start, Math.min(copy.length, start + 1 + Math.floor(random() * 32)));
			return copy;
		},
	},
];

type Outcome =
	| { kind: 'read'; files: number; bytes: number }
	| { kind: 'refused'; reason: string }
	| { kind: 'broken'; detail: string };

async function readWithinBounds(archive: Buffer): Promise<Outcome> {
	let bytes = 0;
	let files = 0;
	try {
		for await (const { entry, content } of readZipFiles(archive, LIMITS)) {
			files++;
			bytes += content.length;
			if (content.length !== entry.uncompressedSize)
				return {
					kind: 'broken',
					detail: `entry ${entry.path} has ${content.length} bytes, declares ${entry.uncompressedSize}`,
				};
			if (bytes > LIMITS.maxTotalUncompressedBytes)
				return { kind: 'broken', detail: `${bytes} bytes handed out, over the limit` };
			if (files > LIMITS.maxEntries)
				return { kind: 'broken', detail: `${files} files handed out, over the limit` };
		}
		return { kind: 'read', files, bytes };
	} catch (error) {
		if (error instanceof ZipFormatError && error.message)
			return { kind: 'refused', reason: error.reason };
		return {
			kind: 'broken',
			detail: `threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`,
		};
	}
}

async function withHangGuard(work: Promise<Outcome>): Promise<Outcome> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const guard = new Promise<Outcome>((resolve) => {
		timer = setTimeout(
			() => resolve({ kind: 'broken', detail: `no answer within ${HANG_GUARD_MS} ms` }),
			HANG_GUARD_MS,
		);
	});
	try {
		return await Promise.race([work, guard]);
	} finally {
		clearTimeout(timer);
	}
}

test(`${CASES} mutated archives (seed ${SEED}) are each read within the limits or refused with a ZipFormatError`, async () => {
	const random = seededRandom(SEED);
	const tally = new Map<string, number>();
	const broken: string[] = [];
	for (let index = 0; index < CASES; index++) {
		const base = pick(BASES, random);
		let archive = base;
		const applied: string[] = [];
		// One to three mutations stacked, so damage combines.
		for (let step = 1 + Math.floor(random() * 3); step > 0; step--) {
			const mutation = pick(MUTATIONS, random);
			archive = mutation.apply(archive, random);
			applied.push(mutation.name);
		}
		const outcome = await withHangGuard(readWithinBounds(archive));
		const key = outcome.kind === 'refused' ? `refused: ${outcome.reason}` : outcome.kind;
		tally.set(key, (tally.get(key) ?? 0) + 1);
		if (outcome.kind === 'broken')
			broken.push(`case ${index} (seed ${SEED}; ${applied.join(' + ')}): ${outcome.detail}`);
	}
	expect(broken.slice(0, 10)).toEqual([]);
	// The mutations reach deep: archives are read, and refused for several different reasons.
	expect(tally.get('read')).toBeGreaterThan(0);
	expect(
		[...tally.keys()].filter((key) => key.startsWith('refused')).length,
	).toBeGreaterThanOrEqual(4);
}, 120_000);
