/**
 * multipart/form-data without a library: the web FormData and Blob globals build
 * the parts and Response serialises them with a boundary. The result is a Buffer,
 * so a retried request sends the same bytes again (a stream could not be re-sent)
 * and it travels through every n8n version's request helper unchanged.
 */

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; content: Buffer; fileName: string; contentType: string };

export interface EncodedMultipart {
	body: Buffer;
	/** `multipart/form-data; boundary=…` */
	contentType: string;
}

export async function encodeMultipart(parts: MultipartPart[]): Promise<EncodedMultipart> {
	const form = new FormData();
	for (const part of parts) {
		if ('content' in part) {
			const bytes = new Uint8Array(part.content.buffer, part.content.byteOffset, part.content.byteLength) as Uint8Array<ArrayBuffer>;
			form.append(part.name, new Blob([bytes], { type: part.contentType }), part.fileName);
		} else {
			form.append(part.name, part.value);
		}
	}
	const serialised = new Response(form);
	const contentType = serialised.headers.get('content-type') ?? 'multipart/form-data';
	return { body: Buffer.from(await serialised.arrayBuffer()), contentType };
}
