/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * What a download keeps reachable, checked with the garbage collector: its bytes must be
 * collectable once they were copied or handed on, not kept until the idle timeout's timer
 * fires (a realistic run of 100 archives held about 4 MB per archive for the whole run).
 */
import { Readable } from 'stream';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import { watchIdle } from '@idv-documents/shared/http/bodyLimits';
import { streamBody } from '@idv-documents/shared/http/bodyStream';
import { collectBody } from '@idv-documents/shared/http/responseBody';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const IDLE_TIMEOUT_MS = 60_000;

/** Whether `ref`'s target survives a full collection (WeakRefs hold their target for the current job). */
async function survivesCollection(ref: WeakRef<object>): Promise<boolean> {
	// A few turns: a finished stream closes (and drops its listeners) on later ticks.
	for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
	gc();
	return ref.deref() !== undefined;
}

test('a held body, once returned and dropped, is not kept for the idle timeout', async () => {
	async function* body() {
		yield Buffer.alloc(MB, 1);
		yield Buffer.alloc(MB, 2);
	}
	let held: Buffer | undefined = await collectBody(body(), 2 * MB, {
		idleTimeoutMs: IDLE_TIMEOUT_MS,
	});
	expect(held.length).toBe(2 * MB);
	const ref = new WeakRef(held.buffer);
	held = undefined;
	expect(await survivesCollection(ref)).toBe(false);
});

test('chunks already copied are let go while the rest of the body arrives', async () => {
	const readChunks: Array<WeakRef<object>> = [];
	const tracked = (fill: number) => {
		const chunk = Buffer.alloc(MB, fill);
		readChunks.push(new WeakRef(chunk.buffer));
		return chunk;
	};
	let sendRest!: () => void;
	const restSent = new Promise<void>((resolve) => (sendRest = resolve));
	async function* body() {
		for (let fill = 1; fill <= 8; fill++) yield tracked(fill);
		await restSent;
		yield Buffer.alloc(MB, 9);
	}
	const collecting = collectBody(body(), 9 * MB, { idleTimeoutMs: IDLE_TIMEOUT_MS });
	// Eight chunks have been read and copied; the body waits for the last one.
	while (readChunks.length < 8) await new Promise((resolve) => setImmediate(resolve));
	await new Promise((resolve) => setImmediate(resolve));
	const survivors = [];
	for (const ref of readChunks) if (await survivesCollection(ref)) survivors.push(ref);
	// The read in progress may still see the last chunk; none before it is kept.
	expect(survivors.length).toBeLessThanOrEqual(1);
	sendRest();
	const held = await collecting;
	for (let fill = 1; fill <= 9; fill++)
		expect(held.subarray((fill - 1) * MB, fill * MB).every((byte) => byte === fill)).toBe(true);
});

test('a streamed body lets go of what watched it once it is consumed', async () => {
	let kept: Uint8Array[] | undefined = [];
	const ref = new WeakRef(kept);
	const received = await streamBody(
		Readable.from([Buffer.alloc(MB, 1), Buffer.alloc(MB, 2)]),
		2 * MB,
		{ idleTimeoutMs: IDLE_TIMEOUT_MS },
		async (stream) => {
			const watched = kept!;
			stream.watch((chunk) => watched.push(chunk));
			let bytes = 0;
			for await (const chunk of stream.readable as AsyncIterable<Uint8Array>)
				bytes += chunk.byteLength;
			return bytes;
		},
	);
	expect(received).toBe(2 * MB);
	expect(kept.length).toBe(2);
	kept = undefined;
	expect(await survivesCollection(ref)).toBe(false);
});

test('an idle watch nobody holds still fires after a garbage collection', async () => {
	// Its timer's signal is not kept in a variable: the timer must keep it (and its listener) alive.
	let fired = false;
	watchIdle(100, () => (fired = true));
	gc();
	await new Promise((resolve) => setTimeout(resolve, 50));
	gc();
	await new Promise((resolve) => setTimeout(resolve, 200));
	expect(fired).toBe(true);
});

test('a stopped idle watch never fires', async () => {
	let fired = false;
	watchIdle(50, () => (fired = true)).stop();
	await new Promise((resolve) => setTimeout(resolve, 150));
	expect(fired).toBe(false);
});
