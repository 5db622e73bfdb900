/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { Readable } from 'stream';

import { BodyLimitError } from '@idv-documents/shared/http/bodyLimits';
import { bodyToBuffer, collectBody } from '@idv-documents/shared/http/responseBody';

async function* chunks(...parts: string[]) {
	for (const part of parts) yield Buffer.from(part);
}

describe('collectBody', () => {
	test('fills a buffer of the announced length', async () => {
		const body = await collectBody(chunks('abc', 'def', 'g'), 7);
		expect(body.toString()).toBe('abcdefg');
		expect(body.buffer.byteLength).toBeGreaterThanOrEqual(7);
	});

	test('a shorter body than announced is cut to what arrived; a longer one grows', async () => {
		expect((await collectBody(chunks('abc'), 10)).toString()).toBe('abc');
		expect((await collectBody(chunks('abc', 'defgh', 'ijklmnop'), 4)).toString()).toBe(
			'abcdefghijklmnop',
		);
	});

	test('no announced length: chunks concatenated', async () => {
		expect((await collectBody(chunks('a', 'b'))).toString()).toBe('ab');
		expect((await collectBody(chunks(), 0)).length).toBe(0);
	});
});

describe('a stream that breaks', () => {
	/** What collecting fails with when the stream sends a part, stays silent `silentMs`, then breaks (timeout 1 s). */
	async function failureAfterSilence(silentMs: number) {
		const clock = { ms: 0 };
		async function* breaksAfter() {
			yield Buffer.from('abc');
			clock.ms += silentMs;
			throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		}
		return await collectBody(breaksAfter(), 10, {
			idleTimeoutMs: 1000,
			now: () => clock.ms,
		}).catch((caught: unknown) => caught);
	}

	test('after a silence as long as the timeout: reported as the timeout, with the break as its cause', async () => {
		expect(await failureAfterSilence(1000)).toMatchObject({
			code: 'ETIMEDOUT',
			message: 'no data for 1 s, the timeout',
			cause: { code: 'ECONNRESET' },
		});
	});

	test('sooner than that: the break itself', async () => {
		expect(await failureAfterSilence(100)).toMatchObject({
			code: 'ECONNRESET',
			message: 'aborted',
		});
	});
});

describe('bodyToBuffer', () => {
	test('buffers, array buffers, strings, objects and nothing', async () => {
		expect((await bodyToBuffer(Buffer.from('x'))).toString()).toBe('x');
		expect((await bodyToBuffer(new Uint8Array([104, 105]).buffer)).toString()).toBe('hi');
		expect((await bodyToBuffer('text')).toString()).toBe('text');
		expect((await bodyToBuffer({ a: 1 })).toString()).toBe('{"a":1}');
		expect((await bodyToBuffer(undefined)).length).toBe(0);
		expect((await bodyToBuffer(chunks('s', 't'), 2)).toString()).toBe('st');
	});
});

describe('limits', () => {
	test('an announced length over the limit is refused before reading or reserving anything', async () => {
		let read = false;
		async function* body() {
			read = true;
			yield Buffer.from('x');
		}
		const error = await collectBody(body(), 5_000_000_000, { maxBytes: 1000 }).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(BodyLimitError);
		expect(error).toMatchObject({ reason: 'tooLarge', limit: 1000, announced: 5_000_000_000 });
		expect(read).toBe(false);
	});

	test('counted bytes: reading stops at the first chunk past the limit', async () => {
		let pulled = 0;
		async function* endless() {
			for (;;) {
				pulled++;
				yield Buffer.alloc(100);
			}
		}
		await expect(collectBody(endless(), undefined, { maxBytes: 250 })).rejects.toMatchObject({
			reason: 'tooLarge',
			limit: 250,
		});
		expect(pulled).toBe(3);
		// More than announced grows only up to the limit.
		await expect(
			collectBody(chunks('abcd', 'efgh', 'ij'), 4, { maxBytes: 9 }),
		).rejects.toMatchObject({ reason: 'tooLarge' });
	});

	test('truncate keeps the first maxBytes (error answers)', async () => {
		expect(
			(
				await collectBody(chunks('abcd', 'efgh', 'ijkl'), undefined, {
					maxBytes: 6,
					overLimit: 'truncate',
				})
			).toString(),
		).toBe('abcdef');
		expect(
			(
				await collectBody(chunks('abcd', 'efgh'), 1_000_000, { maxBytes: 6, overLimit: 'truncate' })
			).toString(),
		).toBe('abcdef');
	});

	test('a length no Buffer can hold is a size error, not a RangeError', async () => {
		await expect(collectBody(chunks('a'), 9e15, { maxBytes: 1e16 })).rejects.toMatchObject({
			reason: 'unholdable',
			announced: 9e15,
		});
	});

	test('a body still arriving after its deadline is refused, though data keeps coming', async () => {
		const clock = { ms: 0 };
		async function* drip() {
			for (;;) {
				clock.ms += 100;
				yield Buffer.from(' ');
			}
		}
		await expect(
			collectBody(drip(), undefined, {
				now: () => clock.ms,
				deadline: { at: 1000, afterMs: 1000 },
			}),
		).rejects.toMatchObject({ reason: 'tooSlow', limit: 1000 });
	});

	test('a stream that goes silent is left after the idle timeout even if it never closes', async () => {
		const silent = new Readable({ read() {} });
		silent.destroy = () => silent; // a stream that ignores destroy()
		silent.push(Buffer.from('abc'));
		const abandon = jest.fn();
		const error = await collectBody(silent, 10, { idleTimeoutMs: 200, abandon }).catch(
			(caught: unknown) => caught,
		);
		expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'no data for 0 s, the timeout' });
		expect(abandon).toHaveBeenCalledTimes(1);
	});
});

describe('memory: what is reserved follows what arrives', () => {
	const MB = 1024 * 1024;
	/** Every Buffer.allocUnsafe of 64 KB or more made while `run` runs (Buffer.concat allocates through it too). */
	async function largeAllocations(run: () => Promise<unknown>): Promise<number[]> {
		const sizes: number[] = [];
		const original = Buffer.allocUnsafe.bind(Buffer);
		const spy = jest.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
			if (size >= 64 * 1024) sizes.push(size);
			return original(size);
		});
		try {
			await run();
		} finally {
			spy.mockRestore();
		}
		return sizes;
	}
	async function* pieces(total: number, size = 64 * 1024) {
		for (let sent = 0; sent < total; sent += size)
			yield Buffer.alloc(Math.min(size, total - sent), 1);
	}

	test('a lying Content-Length reserves at most 4 MB before the bytes arrive', async () => {
		const sizes = await largeAllocations(
			async () => await collectBody(pieces(1024), 1024 * MB, { maxBytes: 2048 * MB }),
		);
		expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(4 * MB);
	});

	test('announced and sent alike: 4 MB first, then the announced length once, nothing more', async () => {
		let body: Buffer | undefined;
		const sizes = await largeAllocations(async () => {
			body = await collectBody(pieces(10 * MB), 10 * MB, { maxBytes: 256 * MB });
		});
		expect(body?.length).toBe(10 * MB);
		expect(sizes).toEqual([4 * MB, 10 * MB]);
	});

	test('a small announced body is read into one buffer of its length', async () => {
		const sizes = await largeAllocations(
			async () => await collectBody(pieces(MB), MB, { maxBytes: 256 * MB }),
		);
		expect(sizes).toEqual([MB]);
	});

	test('no announced length: chunks up to 4 MB, then one buffer of the limit, never doubling', async () => {
		let body: Buffer | undefined;
		const sizes = await largeAllocations(async () => {
			body = await collectBody(pieces(20 * MB), undefined, { maxBytes: 32 * MB });
		});
		expect(body?.length).toBe(20 * MB);
		expect(sizes).toEqual([32 * MB]);
	});

	test('no announced length and far under the limit: the result is copied to its size', async () => {
		let body: Buffer | undefined;
		const sizes = await largeAllocations(async () => {
			body = await collectBody(pieces(6 * MB), undefined, { maxBytes: 256 * MB });
		});
		expect(body?.length).toBe(6 * MB);
		expect(body?.buffer.byteLength).toBe(6 * MB);
		expect(sizes).toEqual([256 * MB, 6 * MB]);
	});

	test('nothing allocated is ever larger than the limit', async () => {
		const sizes = await largeAllocations(
			async () =>
				await collectBody(pieces(100 * MB), 50 * MB, { maxBytes: 64 * MB }).catch(() => undefined),
		);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * MB);
	});
});

describe('a decoded body many times its wire size is refused', () => {
	const MB = 1024 * 1024;
	async function* inflating(total: number) {
		for (let sent = 0; sent < total; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 0x20);
	}

	test('past 100 times the Content-Length (the bytes on the wire), reading stops', async () => {
		let pulled = 0;
		async function* counted() {
			for await (const chunk of inflating(256 * MB)) {
				pulled += chunk.length;
				yield chunk;
			}
		}
		const error = await collectBody(counted(), 100_000, { maxBytes: 256 * MB }).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(BodyLimitError);
		expect(error).toMatchObject({ reason: 'tooExpanded', announced: 100_000, limit: 256 * MB });
		expect(pulled).toBeLessThanOrEqual(100 * 100_000 + 64 * 1024);
	});

	test('a small encoded answer is not refused for its ratio alone (below 1 MB decoded)', async () => {
		const body = await collectBody(inflating(512 * 1024), 100, { maxBytes: 8 * MB });
		expect(body.length).toBe(512 * 1024);
	});

	test('within 100 times: read whole', async () => {
		const body = await collectBody(inflating(5 * MB), 100_000, { maxBytes: 256 * MB });
		expect(body.length).toBe(5 * MB);
	});
});
