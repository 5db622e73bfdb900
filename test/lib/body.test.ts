import { bodyToBuffer, collectBody } from '../../nodes/lib/body';

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
		expect((await collectBody(chunks('abc', 'defgh', 'ijklmnop'), 4)).toString()).toBe('abcdefghijklmnop');
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
		const error = await collectBody(breaksAfter('abc', clock, 1000), 10, { idleTimeoutMs: 1000, now: () => clock.ms }).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'no data for 1 s, the timeout', cause: { code: 'ECONNRESET' } });
	});

	test('sooner than that: the break itself', async () => {
		const clock = { ms: 0 };
		const error = await collectBody(breaksAfter('abc', clock, 100), 10, { idleTimeoutMs: 1000, now: () => clock.ms }).catch((caught: unknown) => caught);
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
