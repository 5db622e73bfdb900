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
import { MB } from '../text/bytes';

/** Reserved from an announced length before the bytes arrive: what a lying `Content-Length` can cost. */
export const PREALLOCATE_BYTES = 4 * MB;
/**
 * An encoded answer (gzip, deflate, br) may decode to at most this many times its wire
 * bytes (its `Content-Length`). Deflate reaches 1,032:1 and brotli far more only on
 * crafted or degenerate input; real answers stay well below: JSON and text 3-20:1,
 * logs up to about 50:1, images, PDFs and ZIPs about 1:1. 100 leaves twice the margin of
 * the most compressible real answers while a bomb is stopped at 1% of what a 1,000:1
 * ratio would make of it (a 780 KB answer at 78 MB instead of 4 GB).
 */
export const MAX_DECODED_RATIO = 100;
/** Below this many decoded bytes the ratio is not checked: a tiny, very compressible answer is no threat. */
export const DECODED_RATIO_FLOOR_BYTES = 1 * MB;
/**
 * The largest body held in one Buffer: a ZIP without ZIP64 (which the reader refuses)
 * ends below 4 GB, and Node 20's Buffers stop there.
 */
const MAX_BUFFER_BYTES = 2 ** 32 - 1;

export interface CollectOptions {
	/**
	 * The request's idle timeout. The body is abandoned after this long without data
	 * (the HTTP client stops watching once the headers are in), and a break after such
	 * a silence is reported as the timeout it was (the client only says "aborted").
	 */
	idleTimeoutMs?: number;
	/** Called when reading is given up early (silence, a limit, the deadline): abort the request, freeing its socket. */
	abandon?: () => void;
	now?: () => number;
	/** Most bytes to hold. */
	maxBytes?: number;
	/** Over `maxBytes`: `fail` (BodyLimitError) or `truncate` (keep the first maxBytes; for error answers, where the status is the news). */
	overLimit?: 'fail' | 'truncate';
	/** When (as `now()` counts) the whole body must have arrived, and how long after the request that is: a body that drips never trips the idle timeout. */
	deadline?: { at: number; afterMs: number };
}

/** A body refused for its size (announced or counted) or for taking longer than its deadline. */
export class BodyLimitError extends Error {
	constructor(
		/**
		 * `unholdable`: announced larger than any Buffer can be, whatever the limit.
		 * `tooExpanded`: decoded to more than MAX_DECODED_RATIO times the `announced` wire bytes.
		 */
		readonly reason: 'tooLarge' | 'unholdable' | 'tooSlow' | 'tooExpanded',
		readonly limit: number,
		/** The announced length when that alone was over the limit; the wire bytes for `tooExpanded`. */
		readonly announced?: number,
	) {
		super(
			reason === 'tooSlow'
				? `the answer was still arriving at its deadline (${Math.round(limit / 1000)} s)`
				: reason === 'unholdable'
					? `the answer announced ${announced} bytes, more than memory can hold`
					: reason === 'tooExpanded'
						? `the answer's ${announced} bytes decoded to more than ${MAX_DECODED_RATIO} times that`
						: announced !== undefined
							? `the answer announced ${announced} bytes, over the limit of ${limit} bytes`
							: `the answer passed the limit of ${limit} bytes`,
		);
		this.name = 'BodyLimitError';
	}
}

/** Lets go of a stream that will not be read (frees the socket). */
export function discardBody(body: unknown): void {
	const destroy = (body as { destroy?: () => void } | null)?.destroy;
	if (typeof destroy === 'function') destroy.call(body);
}

/**
 * Calls `onIdle` once nothing was `touch`ed for `idleMs`. One timer at a time,
 * AbortSignal.timeout's (unref'd: it never keeps the process alive), re-armed for the
 * remaining time when data came meanwhile.
 */
function watchIdle(idleMs: number, onIdle: () => void): { touch: () => void; stop: () => void } {
	let lastDataAt = Date.now();
	let stopped = false;
	// Held here so the signal (and its timer) lives until it fires.
	let signal: AbortSignal;
	const arm = (ms: number) => {
		signal = AbortSignal.timeout(Math.max(1, ms));
		signal.addEventListener(
			'abort',
			() => {
				if (stopped) return;
				const idle = Date.now() - lastDataAt;
				if (idle >= idleMs) {
					stopped = true;
					onIdle();
				} else {
					arm(idleMs - idle);
				}
			},
			{ once: true },
		);
	};
	arm(idleMs);
	return {
		touch: () => {
			lastDataAt = Date.now();
		},
		stop: () => {
			stopped = true;
			void signal;
		},
	};
}

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

/** The most bytes a body whose wire length is `wireBytes` may decode to before it counts as a bomb. */
export function decodedCeiling(wireBytes: number | undefined): number {
	return wireBytes === undefined
		? Number.POSITIVE_INFINITY
		: Math.max(wireBytes * MAX_DECODED_RATIO, DECODED_RATIO_FLOOR_BYTES);
}

/** A usable announced length: a whole number of bytes, or undefined. */
function announcedLengthOf(announcedLength: number | undefined): number | undefined {
	return announcedLength !== undefined &&
		Number.isSafeInteger(announcedLength) &&
		announcedLength >= 0
		? announcedLength
		: undefined;
}

/**
 * Refuses, before a byte is read or reserved, an announced length over the limit (unless
 * the body is to be truncated) or beyond any Buffer.
 */
function refuseAnnounced(
	stream: unknown,
	announced: number | undefined,
	maxBytes: number,
	options: CollectOptions,
): void {
	if (announced === undefined) return;
	const truncate = options.overLimit === 'truncate';
	const refusal =
		announced > maxBytes && !truncate
			? new BodyLimitError('tooLarge', maxBytes, announced)
			: Math.min(announced, maxBytes) > MAX_BUFFER_BYTES
				? new BodyLimitError('unholdable', maxBytes, announced)
				: undefined;
	if (!refusal) return;
	options.abandon?.();
	discardBody(stream);
	throw refusal;
}

export async function collectBody(
	stream: AsyncIterable<Uint8Array>,
	announcedLength?: number,
	options: CollectOptions = {},
): Promise<Buffer> {
	const now = options.now ?? Date.now;
	const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
	const truncate = options.overLimit === 'truncate';
	let lastDataAt = now();
	let failure: unknown;
	const announced = announcedLengthOf(announcedLength);
	refuseAnnounced(stream, announced, maxBytes, options);
	const announcedCap = announced === undefined ? undefined : Math.min(announced, maxBytes);
	const ceiling = decodedCeiling(announced);
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
	let signalIdle: () => void = () => undefined;
	// Settles only on silence: raced against each read, so a stalled stream is left even if it never closes.
	const silence = new Promise<'idle'>((resolve) => (signalIdle = () => resolve('idle')));
	const watch = options.idleTimeoutMs
		? watchIdle(options.idleTimeoutMs, () => {
				wentIdle = true;
				signalIdle();
			})
		: undefined;
	const iterator = stream[Symbol.asyncIterator]();
	try {
		for (;;) {
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

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
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

/** A body on its way to n8n's binary store, counted and bounded as it passes. */
export interface BodyStream {
	/** The body as a Node stream, for `prepareBinaryData`; it fails with a BodyLimitError past a limit. */
	readonly readable: unknown;
	/** Bytes passed so far. */
	bytes(): number;
	/** Calls `observer` with each chunk as it passes (e.g. to keep a ZIP's end). */
	watch(observer: (chunk: Uint8Array) => void): void;
}

/** The stream methods streamBody needs: a Node Readable has them (n8n hands answers over as one). */
interface MappableStream extends AsyncIterable<Uint8Array> {
	map(transform: (chunk: Uint8Array) => Uint8Array): unknown;
	destroy(error?: Error): unknown;
	emit?(event: 'error', error: Error): boolean;
	listenerCount?(event: 'error'): number;
}

/**
 * Fails the reads of a body that went silent. Destroying it is not enough: n8n's body
 * wraps the socket's stream in a generator, whose destroy waits for a read that never
 * comes, and n8n puts the execution's cancel signal in place of the node's own on
 * authenticated requests, so the request cannot be aborted either. Its readers see
 * the error event at once, as when the HTTP client aborts; the socket itself stays
 * until the server or the operating system closes it.
 */
function failStalled(body: MappableStream, error: Error): void {
	// An error event without a listener would be thrown; with no reader, destroy() fails the next read.
	if ((body.listenerCount?.('error') ?? 0) > 0) body.emit?.('error', error);
	body.destroy(error);
}

/** Whether streamBody can pass this body on: a Node Readable, whose `map` gives a pass-through without node:stream. */
export function canStream(body: unknown): body is MappableStream {
	const stream = body as Partial<MappableStream> | null;
	return (
		isAsyncIterable(body) &&
		typeof stream?.map === 'function' &&
		typeof stream.destroy === 'function'
	);
}

/**
 * Hands a body to `consume` as a stream (see BodyStream) instead of holding it: the same
 * limits as collectBody (announced and counted size, decoded ratio, deadline, idle
 * timeout), enforced chunk by chunk on the way through. The pass-through is the body's
 * own `map` (Readable.prototype.map): community nodes may not import node:stream. When a
 * limit trips, the download is abandoned and `consume`'s failure is that limit's error.
 */
export async function streamBody<T>(
	body: MappableStream,
	announcedLength: number | undefined,
	options: CollectOptions,
	consume: (stream: BodyStream) => Promise<T>,
): Promise<T> {
	const now = options.now ?? Date.now;
	const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
	const announced = announcedLengthOf(announcedLength);
	refuseAnnounced(body, announced, maxBytes, { ...options, overLimit: 'fail' });
	const ceiling = decodedCeiling(announced);
	let passed = 0;
	let failure: Error | undefined;
	const observers: Array<(chunk: Uint8Array) => void> = [];
	/** Gives up the download for `error`, which becomes the consumer's failure. */
	const giveUp = (error: Error): Error => {
		failure ??= error;
		options.abandon?.();
		return error;
	};
	const idleMs = options.idleTimeoutMs;
	const watch = idleMs
		? watchIdle(idleMs, () =>
				failStalled(
					body,
					giveUp(
						Object.assign(new Error(`no data for ${Math.round(idleMs / 1000)} s, the timeout`), {
							code: 'ETIMEDOUT',
						}),
					),
				),
			)
		: undefined;
	const readable = body.map((chunk: Uint8Array) => {
		watch?.touch();
		if (options.deadline && now() > options.deadline.at)
			throw giveUp(new BodyLimitError('tooSlow', options.deadline.afterMs));
		const total = passed + chunk.byteLength;
		if (total > maxBytes) throw giveUp(new BodyLimitError('tooLarge', maxBytes));
		if (total > ceiling) throw giveUp(new BodyLimitError('tooExpanded', maxBytes, announced));
		passed = total;
		for (const observe of observers) observe(chunk);
		return chunk;
	});
	try {
		return await consume({
			readable,
			bytes: () => passed,
			watch: (observer) => observers.push(observer),
		});
	} catch (error) {
		if (failure === undefined) {
			// The consumer failed (a full disk): the rest is not read.
			options.abandon?.();
			discardBody(body);
		}
		throw failure ?? error;
	} finally {
		watch?.stop();
	}
}
