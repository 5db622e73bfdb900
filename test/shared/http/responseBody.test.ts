/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { Readable } from 'stream';

import { BodyLimitError, bodyToBuffer, collectBody } from '@idv-documents/shared/http/responseBody';

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
	async function* breaksAfter(part: string, clock: { ms: number }, silentMs: number) {
		yield Buffer.from(part);
		clock.ms += silentMs;
		throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
	}

	test('after a silence as long as the timeout: reported as the timeout, with the break as its cause', async () => {
		const clock = { ms: 0 };
		const error = await collectBody(breaksAfter('abc', clock, 1000), 10, {
			idleTimeoutMs: 1000,
			now: () => clock.ms,
		}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({
			code: 'ETIMEDOUT',
			message: 'no data for 1 s, the timeout',
			cause: { code: 'ECONNRESET' },
		});
	});

	test('sooner than that: the break itself', async () => {
		const clock = { ms: 0 };
		const error = await collectBody(breaksAfter('abc', clock, 100), 10, {
			idleTimeoutMs: 1000,
			now: () => clock.ms,
		}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ code: 'ECONNRESET', message: 'aborted' });
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
