/**
 * Reads a response body stream into one Buffer, bounded. When the length is
 * announced, the Buffer is allocated once and filled, so a 100 MB archive costs
 * 100 MB, not the 200 MB that collecting chunks and concatenating them would
 * briefly need. Nothing beyond `maxBytes` is ever allocated or held: bytes are
 * counted as they arrive (after the HTTP client decoded gzip/br), and reading stops
 * as soon as the body passes the limit or its deadline.
 */
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
		/** `unholdable`: announced larger than any Buffer can be, whatever the limit. */
		readonly reason: 'tooLarge' | 'unholdable' | 'tooSlow',
		readonly limit: number,
		/** The announced length when that alone was over the limit. */
		readonly announced?: number,
	) {
		super(
			reason === 'tooSlow'
				? `the answer was still arriving at its deadline (${Math.round(limit / 1000)} s)`
				: reason === 'unholdable'
					? `the answer announced ${announced} bytes, more than memory can hold`
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
		// A length no Buffer can hold (a `Content-Length` of terabytes under a raised limit).
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
	const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
	const truncate = options.overLimit === 'truncate';
	let lastDataAt = now();
	let failure: unknown;
	const announced =
		announcedLength !== undefined && Number.isSafeInteger(announcedLength) && announcedLength >= 0
			? announcedLength
			: undefined;
	if (announced !== undefined && announced > maxBytes && !truncate) {
		// Refused before a byte is read or a byte reserved.
		options.abandon?.();
		discardBody(stream);
		throw new BodyLimitError('tooLarge', maxBytes, announced);
	}
	const expected = announced === undefined ? undefined : Math.min(announced, maxBytes);
	const chunks: Uint8Array[] = [];
	let buffer = expected === undefined ? Buffer.alloc(0) : allocate(expected, maxBytes);
	let filled = 0;
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
			if (expected === undefined) {
				chunks.push(part);
			} else {
				if (filled + part.byteLength > buffer.length) {
					// More than announced (a misbehaving proxy): grow, within the limit, rather than truncate.
					const grown = allocate(
						Math.min(maxBytes, Math.max(buffer.length * 2, filled + part.byteLength)),
						maxBytes,
					);
					buffer.copy(grown, 0, 0, filled);
					buffer = grown;
				}
				buffer.set(part, filled);
			}
			filled += part.byteLength;
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
	if (expected === undefined) return Buffer.concat(chunks, filled);
	return filled === buffer.length ? buffer : buffer.subarray(0, filled);
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
