/**
 * The limits a response body is read within, whether it is held (responseBody.ts) or
 * streamed (bodyStream.ts): the announced length checked before a byte is read, the
 * counted size, the decoded-to-wire ratio of an encoded answer, the deadline and the idle
 * timeout.
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
 * remaining time when data came meanwhile. Such a timer cannot be cleared and lives with
 * its listener until it fires, so the listener reaches `onIdle` only through `state`,
 * which `stop` empties: a finished download's buffers are not kept for the timeout.
 */
export function watchIdle(
	idleMs: number,
	onIdle: () => void,
): { touch: () => void; stop: () => void } {
	const state: { lastDataAt: number; onIdle?: () => void } = { lastDataAt: Date.now(), onIdle };
	const arm = (ms: number) => {
		AbortSignal.timeout(Math.max(1, ms)).addEventListener(
			'abort',
			() => {
				const idleNow = state.onIdle;
				if (!idleNow) return;
				const idle = Date.now() - state.lastDataAt;
				if (idle < idleMs) return arm(idleMs - idle);
				state.onIdle = undefined;
				idleNow();
			},
			{ once: true },
		);
	};
	arm(idleMs);
	return {
		touch: () => {
			state.lastDataAt = Date.now();
		},
		stop: () => {
			state.onIdle = undefined;
		},
	};
}

/** The most bytes a body whose wire length is `wireBytes` may decode to before it counts as a bomb. */
function decodedCeiling(wireBytes: number | undefined): number {
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

/** The bounds one body is read within, worked out before a byte of it is read. */
export interface BodyBounds {
	maxBytes: number;
	/** The announced length (`Content-Length`), when it is a usable number. */
	announced?: number;
	/** The most it may decode to (MAX_DECODED_RATIO times the announced wire bytes). */
	ceiling: number;
}

/**
 * The bounds of a body about to be read; an announced length over the limit (unless the
 * body is to be truncated) or beyond any Buffer is refused here, before a byte is read or
 * reserved.
 */
export function boundsOf(
	stream: unknown,
	announcedLength: number | undefined,
	options: CollectOptions,
): BodyBounds {
	const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
	const announced = announcedLengthOf(announcedLength);
	refuseAnnounced(stream, announced, maxBytes, options);
	return { maxBytes, announced, ceiling: decodedCeiling(announced) };
}
