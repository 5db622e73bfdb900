/**
 * Reads a response body stream into one Buffer. When the length is announced, the
 * Buffer is allocated once and filled, so a 100 MB archive costs 100 MB, not the
 * 200 MB that collecting chunks and concatenating them would briefly need.
 */
export interface CollectOptions {
	/**
	 * The request's idle timeout. When the stream breaks after this long without data,
	 * the break is reported as the timeout it was (the HTTP client only says "aborted").
	 */
	idleTimeoutMs?: number;
	now?: () => number;
}

export async function collectBody(
	stream: AsyncIterable<Uint8Array>,
	announcedLength?: number,
	options: CollectOptions = {},
): Promise<Buffer> {
	const now = options.now ?? Date.now;
	let lastDataAt = now();
	let failure: unknown;
	const expected = announcedLength !== undefined && Number.isSafeInteger(announcedLength) && announcedLength >= 0 ? announcedLength : undefined;
	const chunks: Uint8Array[] = [];
	let buffer = Buffer.allocUnsafe(expected ?? 0);
	let filled = 0;
	try {
		for await (const chunk of stream) {
			lastDataAt = now();
			if (expected === undefined) {
				chunks.push(chunk);
				continue;
			}
			if (filled + chunk.byteLength > buffer.length) {
				// More than announced (a misbehaving proxy): grow rather than truncate.
				const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, filled + chunk.byteLength));
				buffer.copy(grown, 0, 0, filled);
				buffer = grown;
			}
			buffer.set(chunk, filled);
			filled += chunk.byteLength;
		}
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		const idleMs = now() - lastDataAt;
		if (options.idleTimeoutMs && idleMs >= options.idleTimeoutMs * 0.9) {
			throw Object.assign(new Error(`no data for ${Math.round(idleMs / 1000)} s, the timeout`), { code: 'ETIMEDOUT', cause: failure });
		}
		throw failure;
	}
	if (expected === undefined) return Buffer.concat(chunks);
	return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
	return !!value && typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/** A response body as a Buffer, whatever form the HTTP helper handed it over in. */
export async function bodyToBuffer(body: unknown, announcedLength?: number, options: CollectOptions = {}): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (isAsyncIterable(body)) return await collectBody(body, announcedLength, options);
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(JSON.stringify(body), 'utf8');
}
