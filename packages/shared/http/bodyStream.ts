/**
 * A response body passed on as a stream (to n8n's binary store) instead of held: the
 * same limits as a held body, enforced chunk by chunk on the way through.
 */
import {
	BodyLimitError,
	boundsOf,
	discardBody,
	watchIdle,
	type CollectOptions,
} from './bodyLimits';
import { isAsyncIterable } from './responseBody';

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
	const { maxBytes, announced, ceiling } = boundsOf(body, announcedLength, {
		...options,
		overLimit: 'fail',
	});
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
