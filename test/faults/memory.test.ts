/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * What a download costs in memory, over real sockets (no nock): files are asked for
 * without content encoding, a lying Content-Length reserves nothing it does not send, an
 * encoded answer may not unpack past 100 times its wire size, and the ZIP Archive output
 * streams into n8n's store on disk instead of being held whole.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { brotliCompressSync } from 'zlib';

import { verifikGetNode } from '../fixtures/verifik';
import { buildZip, fakeJpeg } from '../fixtures/zip';
import {
	BINARY_MODE,
	binaryBytes,
	cleanUpBinaryData,
	runChain,
	type NodeUnderTest,
	type WorkflowResult,
} from '../harness/engine';

const EVALUATION_ID = '0f5b6c1e-2d3a-4b5c-8d9e-0a1b2c3d4e5f';
const MB = 1024 * 1024;

type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

let server: Server;
let baseUrl = '';
let received: IncomingMessage[] = [];
let handle: Handler = (_request, response) => response.writeHead(404).end();

beforeAll(async () => {
	server = createServer((request, response) => {
		received.push(request);
		void Promise.resolve(handle(request, response)).catch(() => response.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
	received = [];
	handle = (_request, response) => response.writeHead(404).end();
	server.closeAllConnections();
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	cleanUpBinaryData();
});

const credentials = () => ({
	socureRiskOsApi: { environment: 'custom', baseUrl: `${baseUrl}/socure`, apiKey: 'memory-key-1' },
	verifikApi: { environment: 'custom', baseUrl: `${baseUrl}/verifik`, accessToken: 'memory-2' },
});

async function downloadDocuments(
	options: Record<string, unknown>,
	output = 'filePerItem',
	count = 1,
): Promise<WorkflowResult> {
	const node: NodeUnderTest = {
		name: 'Socure',
		type: 'socureRiskOs',
		parameters: { evaluationId: '={{ $json.evaluationId }}', output, options },
		continueOnFail: count > 1,
	};
	return await runChain({
		input: Array.from({ length: count }, () => ({ json: { evaluationId: EVALUATION_ID } })),
		nodes: [node],
		credentials: credentials(),
	});
}

/** The highest `process.memoryUsage().arrayBuffers` above its value at the start, sampled every 2 ms while `run` runs. */
async function peakArrayBuffers<T>(run: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
	const before = process.memoryUsage().arrayBuffers;
	let peak = before;
	const sample = () => (peak = Math.max(peak, process.memoryUsage().arrayBuffers));
	const timer = setInterval(sample, 2);
	try {
		const result = await run();
		sample();
		return { result, peakMb: (peak - before) / MB };
	} finally {
		clearInterval(timer);
	}
}

/** Sizes of every Buffer.allocUnsafe of `atLeast` bytes or more while `run` runs (Buffer.concat allocates through it). */
async function largeAllocations<T>(
	atLeast: number,
	run: () => Promise<T>,
): Promise<{ result: T; sizes: number[] }> {
	const sizes: number[] = [];
	const original = Buffer.allocUnsafe.bind(Buffer);
	const spy = jest.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
		if (size >= atLeast) sizes.push(size);
		return original(size);
	});
	try {
		return { result: await run(), sizes };
	} finally {
		spy.mockRestore();
	}
}

/** A ZIP of `count` stored JPEG-headed entries of `entryBytes` each: it barely compresses, as Socure's do. */
function largeArchive(count: number, entryBytes: number): Buffer {
	return buildZip(
		Array.from({ length: count }, (_, index) => ({
			name: `documents/image_${index}.jpg`,
			content: fakeJpeg(`image ${index}`, entryBytes),
			method: 'stored',
		})),
	);
}

describe('files are asked for without content encoding', () => {
	const smallZip = largeArchive(1, 1024);
	const sendZip: Handler = (_request, response) =>
		response.writeHead(200, { 'Content-Type': 'application/zip' }).end(smallZip);

	test('Socure documents: Accept-Encoding identity, unless Accept Compressed Answers is on', async () => {
		handle = sendZip;
		const plain = await downloadDocuments({});
		expect(plain.error).toBeUndefined();
		expect(received[0].headers['accept-encoding']).toBe('identity');
		received = [];
		const compressed = await downloadDocuments({ acceptCompressed: true });
		expect(compressed.error).toBeUndefined();
		expect(received[0].headers['accept-encoding']).toMatch(/gzip/);
	});

	test("Verifik's image: Accept-Encoding identity; its JSON answers may still be compressed", async () => {
		handle = (request, response) => {
			if (request.url === '/verifik/v2/document-liveness/dl_1')
				response.writeHead(200, { 'Content-Type': 'application/json' }).end(
					JSON.stringify({
						success: true,
						data: { _id: 'dl_1', imageUrl: `${baseUrl}/cdn/dl_1.jpg` },
					}),
				);
			else response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(fakeJpeg('x'));
		};
		const result = await runChain({
			input: [{ json: {} }],
			nodes: [verifikGetNode({ options: { downloadImage: true } })],
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		expect(received.map((request) => [request.url, request.headers['accept-encoding']])).toEqual([
			['/verifik/v2/document-liveness/dl_1', expect.stringMatching(/gzip/)],
			['/cdn/dl_1.jpg', 'identity'],
		]);
	});
});

describe('what a download reserves follows what arrives', () => {
	test('four items announcing 1 GiB and sending 1 KB reserve a few MB, not 4 GiB', async () => {
		handle = (_request, response) => {
			response.writeHead(200, {
				'Content-Type': 'application/zip',
				'Content-Length': String(1024 * MB),
			});
			response.write(Buffer.alloc(1024));
			setTimeout(() => response.destroy(), 400);
		};
		const { result, peakMb } = await peakArrayBuffers(
			async () =>
				await downloadDocuments(
					{ maxArchiveSizeMb: 2048, maxRetries: 0, concurrency: 4 },
					'filePerItem',
					4,
				),
		);
		expect(received).toHaveLength(4);
		expect(result.output('Socure').map((item) => item.json.error)).toEqual(
			Array(4).fill(expect.stringMatching(/^Could not reach 127\.0\.0\.1:\d+/)),
		);
		expect(peakMb).toBeLessThan(64);
	});

	test('an encoded archive unpacking to more than 100 times its Content-Length is refused while unpacking', async () => {
		// 16 MB of zeros in a few dozen bytes of brotli: a bomb, sent although identity was asked for.
		const bomb = brotliCompressSync(Buffer.alloc(16 * MB));
		handle = (_request, response) =>
			response
				.writeHead(200, {
					'Content-Type': 'application/zip',
					'Content-Encoding': 'br',
					'Content-Length': String(bomb.length),
				})
				.end(bomb);
		const { result, sizes } = await largeAllocations(
			8 * MB,
			async () => await downloadDocuments({ maxRetries: 0 }),
		);
		expect(result.error?.message).toBe(
			`Socure RiskOS sent ${bomb.length} bytes for the evaluation's ZIP archive that unpacked to more than 100 times that size (item 0)`,
		);
		expect(result.error?.description).toMatch(/^Refused as a decompression bomb/);
		// Nothing near the 16 MB it would have unpacked to was held.
		expect(sizes).toEqual([]);
	});
});

const onDisk = BINARY_MODE === 'filesystem' ? describe : describe.skip;

onDisk('ZIP Archive output in filesystem mode: the archive streams into the store', () => {
	test('a 32 MB archive is stored as it arrives, never held whole; listed from its end', async () => {
		const archive = largeArchive(4, 8 * MB);
		const entryBytes = fakeJpeg('image 0', 8 * MB).length;
		handle = (_request, response) =>
			response
				.writeHead(200, {
					'Content-Type': 'application/zip',
					'Content-Length': String(archive.length),
					'Content-Disposition': `attachment; filename="${EVALUATION_ID}_document.zip"`,
				})
				.end(archive);
		const { result, sizes } = await largeAllocations(
			8 * MB,
			async () => await downloadDocuments({}, 'zip'),
		);
		expect(result.error).toBeUndefined();
		expect(sizes).toEqual([]);
		const [item] = result.output('Socure');
		expect(item.json).toEqual({
			evaluationId: EVALUATION_ID,
			fileName: `${EVALUATION_ID}_document.zip`,
			size: archive.length,
			files: Array.from({ length: 4 }, (_, index) => ({
				path: `documents/image_${index}.jpg`,
				fileName: `image_${index}.jpg`,
				role: 'other',
				size: entryBytes,
			})),
		});
		expect(item.binary?.data).toMatchObject({
			mimeType: 'application/zip',
			fileName: `${EVALUATION_ID}_document.zip`,
			fileExtension: 'zip',
		});
		expect((await binaryBytes(item.binary?.data)).equals(archive)).toBe(true);
	});

	test('an archive passing Max Archive Size stops there, with the same words as in memory', async () => {
		let wholeSent: Promise<boolean> | undefined;
		handle = (_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/zip' });
			wholeSent = new Promise<boolean>((resolve) => {
				response.once('finish', () => resolve(true));
				response.once('close', () => resolve(false));
			});
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			const pump = () => {
				while (!response.destroyed && response.write(chunk));
				if (!response.destroyed) response.once('drain', pump);
			};
			pump();
		};
		const result = await downloadDocuments({ maxArchiveSizeMb: 1, maxRetries: 0 }, 'zip');
		expect(result.error?.message).toBe(
			"Socure RiskOS sent more than 1 MB for the evaluation's ZIP archive, over the 1 MB limit (item 0)",
		);
		expect(await wholeSent).toBe(false);
	});

	test('an archive that stalls halfway is given up on after the Timeout, per attempt', async () => {
		const archive = largeArchive(1, 2 * MB);
		handle = (_request, response) => {
			response.writeHead(200, {
				'Content-Type': 'application/zip',
				'Content-Length': String(archive.length),
			});
			response.write(archive.subarray(0, MB));
		};
		const result = await downloadDocuments({ maxRetries: 1, timeoutSeconds: 1 }, 'zip');
		expect(result.error?.message).toMatch(
			/^Could not reach 127\.0\.0\.1:\d+: nothing received for 1 s \(the Timeout option\) \(item 0\)$/,
		);
		expect(received).toHaveLength(2);
	});

	test('what is not a ZIP is refused once stored, as in memory', async () => {
		handle = (_request, response) =>
			response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Sign in</html>');
		const result = await downloadDocuments({}, 'zip');
		expect(result.error?.message).toBe(
			`The documents of evaluation "${EVALUATION_ID}" could not be read: the response is not a ZIP archive (item 0)`,
		);
	});

	test('Socure\'s "No Documents Found" still reads as such', async () => {
		handle = (_request, response) =>
			response
				.writeHead(400, { 'Content-Type': 'application/json' })
				.end(JSON.stringify({ message: 'No Documents Found' }));
		const result = await downloadDocuments({}, 'zip');
		expect(result.output('Socure')[0].json).toEqual({
			evaluationId: EVALUATION_ID,
			documentsFound: false,
			message: 'No Documents Found',
		});
	});
});
