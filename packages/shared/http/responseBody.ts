/**
 * Reads a response body stream into one Buffer, bounded, holding about what arrived:
 * - with an announced length (`Content-Length`), at most PREALLOCATE_BYTES is reserved
 *   up front; once more than that has arrived, one buffer of the announced length (never
 *   more than the limit) is allocated and filled, so a genuine 100 MB archive costs
 *   100 MB plus 4 MB, and a lying length costs nothing it does not send;
 * - without one, chunks are kept until PREALLOCATE_BYTES, then one buffer of the limit is
 *   allocated (untouched pages cost no resident memory) and filled; a result far smaller
 *   than that buffer is copied to its size;
 * - nothing larger than the limit is ever allocated, no buffer is doubled, and reading
 *   stops as soon as the body passes the limit, its deadline, or MAX_DECODED_RATIO times
 *   the bytes the wire announced (a gzip/brotli bomb).
 * Bytes are counted as they arrive, after the HTTP client decoded gzip/br.
 */
import {
	BodyLimitError,
	boundsOf,
	PREALLOCATE_BYTES,
	discardBody,
	watchIdle,
	type CollectOptions,
} from './bodyLimits';

function allocate(size: number, limit: number): Buffer {
	let buffer: Buffer | undefined;
	try {
		buffer = Buffer.allocUnsafe(size);
	} catch {
		// A length no Buffer can hold, or no memory left for it.
		buffer = undefined;
	}
	if (!buffer) throw new BodyLimitError('unholdable', limit, size);
	return buffer;
}

export async function collectBody(
	stream: AsyncIterable<Uint8Array>,
	announcedLength?: number,
	options: CollectOptions = {},
): Promise<Buffer> {
	const now = options.now ?? Date.now;
	const truncate = options.overLimit === 'truncate';
	let lastDataAt = now();
	let failure: unknown;
	const { maxBytes, announced, ceiling } = boundsOf(stream, announcedLength, options);
	const announcedCap = announced === undefined ? undefined : Math.min(announced, maxBytes);
	// Chunks while nothing is announced and little has arrived; then one buffer, filled.
	let chunks: Uint8Array[] | undefined = announcedCap === undefined ? [] : undefined;
	let buffer =
		announcedCap === undefined
			? Buffer.alloc(0)
			: allocate(Math.min(announcedCap, PREALLOCATE_BYTES), maxBytes);
	let filled = 0;
	/** The one buffer to move to once `needed` bytes must fit: sized once, never doubled. */
	const capacityFor = (needed: number): number => {
		// Filling what was announced: exactly that (a body sent as it is never exceeds it).
		if (announcedCap !== undefined && needed <= announcedCap) return announcedCap;
		// Unknown, or more than announced (a decoded body): all it may still grow to, at once;
		// pages never written cost no resident memory.
		const most = Math.min(maxBytes, ceiling);
		return Number.isFinite(most) ? Math.max(needed, most) : Math.max(needed, buffer.length * 2);
	};
	let wentIdle = false;
	let endRead: () => void = () => undefined;
	const watch = options.idleTimeoutMs
		? watchIdle(options.idleTimeoutMs, () => {
				wentIdle = true;
				endRead();
			})
		: undefined;
	const iterator = stream[Symbol.asyncIterator]();
	try {
		for (;;) {
			// Settles only on silence: raced against the read, so a stalled stream is left even if
			// it never closes. A new one per read: one promise raced against every read would keep
			// every chunk read (each race's result) until the download ends.
			const silence = new Promise<'idle'>((resolve) => {
				endRead = () => resolve('idle');
				if (wentIdle) resolve('idle');
			});
			const next = await Promise.race([iterator.next(), silence]);
			if (next === 'idle' || next.done) break;
			const chunk = next.value;
			watch?.touch();
			lastDataAt = now();
			if (options.deadline && lastDataAt > options.deadline.at)
				throw new BodyLimitError('tooSlow', options.deadline.afterMs);
			let part = chunk;
			if (filled + part.byteLength > maxBytes) {
				if (!truncate) throw new BodyLimitError('tooLarge', maxBytes);
				part = part.subarray(0, maxBytes - filled);
			}
			if (!truncate && filled + part.byteLength > ceiling)
				throw new BodyLimitError('tooExpanded', maxBytes, announced);
			const needed = filled + part.byteLength;
			if (chunks) {
				chunks.push(part);
				if (needed > PREALLOCATE_BYTES) {
					buffer = allocate(capacityFor(needed), maxBytes);
					let offset = 0;
					for (const held of chunks) {
						buffer.set(held, offset);
						offset += held.byteLength;
					}
					chunks = undefined;
				}
			} else {
				if (needed > buffer.length) {
					const grown = allocate(capacityFor(needed), maxBytes);
					buffer.copy(grown, 0, 0, filled);
					buffer = grown;
				}
				buffer.set(part, filled);
			}
			filled = needed;
			if (truncate && filled >= maxBytes) break;
		}
	} catch (error) {
		failure = error;
	} finally {
		watch?.stop();
	}
	if (failure !== undefined || wentIdle || filled >= maxBytes) {
		// The rest is never read: let go of the stream without waiting for it to close (a stalled one may not).
		options.abandon?.();
		discardBody(stream);
		void Promise.resolve(iterator.return?.()).catch(() => undefined);
	}
	if (failure !== undefined || wentIdle) {
		if (failure instanceof BodyLimitError) throw failure;
		const idleMs = wentIdle ? (options.idleTimeoutMs ?? 0) : now() - lastDataAt;
		if (options.idleTimeoutMs && (wentIdle || idleMs >= options.idleTimeoutMs * 0.9)) {
			throw Object.assign(new Error(`no data for ${Math.round(idleMs / 1000)} s, the timeout`), {
				code: 'ETIMEDOUT',
				...(failure !== undefined ? { cause: failure } : {}),
			});
		}
		throw failure;
	}
	if (chunks) return Buffer.concat(chunks, filled);
	if (filled === buffer.length) return buffer;
	if (filled > buffer.length / 2) return buffer.subarray(0, filled);
	// Far less than was made room for (a lying length, a short unannounced body): hold only what came.
	const exact = Buffer.allocUnsafe(filled);
	buffer.copy(exact, 0, 0, filled);
	return exact;
}
export function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
	return (
		!!value && typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function'
	);
}

/** A response body as a Buffer, whatever form the HTTP helper handed it over in. */
export async function bodyToBuffer(
	body: unknown,
	announcedLength?: number,
	options: CollectOptions = {},
): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (isAsyncIterable(body)) return await collectBody(body, announcedLength, options);
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(JSON.stringify(body), 'utf8');
}
