/**
 * Reads a response body stream into one Buffer. When the length is announced, the
 * Buffer is allocated once and filled, so a 100 MB archive costs 100 MB, not the
 * 200 MB that collecting chunks and concatenating them would briefly need.
 */
export async function collectBody(stream: AsyncIterable<Uint8Array>, announcedLength?: number): Promise<Buffer> {
	const expected = announcedLength !== undefined && Number.isSafeInteger(announcedLength) && announcedLength >= 0 ? announcedLength : undefined;
	if (expected === undefined) {
		const chunks: Uint8Array[] = [];
		for await (const chunk of stream) chunks.push(chunk);
		return Buffer.concat(chunks);
	}
	let buffer = Buffer.allocUnsafe(expected);
	let filled = 0;
	for await (const chunk of stream) {
		if (filled + chunk.byteLength > buffer.length) {
			// More than announced (a misbehaving proxy): grow rather than truncate.
			const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, filled + chunk.byteLength));
			buffer.copy(grown, 0, 0, filled);
			buffer = grown;
		}
		buffer.set(chunk, filled);
		filled += chunk.byteLength;
	}
	return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
	return !!value && typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/** A response body as a Buffer, whatever form the HTTP helper handed it over in. */
export async function bodyToBuffer(body: unknown, announcedLength?: number): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (isAsyncIterable(body)) return await collectBody(body, announcedLength);
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(JSON.stringify(body), 'utf8');
}
