/**
 * multipart/form-data without a library: each part's headers as text, the file bytes as
 * they are, joined once into one Buffer under a random boundary. A Buffer, so a retried
 * request sends the same bytes again (a stream could not be re-sent), and it travels
 * through every n8n version's request helper unchanged. (Building it through the web
 * FormData, Blob and Response copied every file three times.)
 */
import { randomBytes } from 'crypto';

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; content: Buffer; fileName: string; contentType: string };

export interface EncodedMultipart {
	body: Buffer;
	/** `multipart/form-data; boundary=…` */
	contentType: string;
}

/**
 * A media type as RFC 7231 writes one: `type/subtype` and `; name=value` parameters, each
 * a token or a quoted string. Nothing else may reach a part's header: a CR or LF would
 * start another header line.
 */
const TOKEN = String.raw`[!#$%&'*+.^_\`|~0-9A-Za-z-]+`;
const QUOTED = String.raw`"(?:[\t !#-\[\]-~]|\\[\t -~])*"`;
const MEDIA_TYPE = new RegExp(
	String.raw`^${TOKEN}/${TOKEN}(?:[ \t]*;[ \t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`,
);

export function isMediaType(value: string): boolean {
	return MEDIA_TYPE.test(value);
}

/** Names and file names as the HTML standard (and so the web FormData) writes them. */
function escapeName(name: string): string {
	return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

export function encodeMultipart(parts: MultipartPart[]): EncodedMultipart {
	// 128 random bits: no file's bytes will contain it by chance.
	const boundary = `----n8nIdvDocuments${randomBytes(16).toString('hex')}`;
	const pieces: Buffer[] = [];
	for (const part of parts) {
		if ('content' in part) {
			pieces.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"; filename="${escapeName(part.fileName)}"\r\nContent-Type: ${isMediaType(part.contentType) ? part.contentType : 'application/octet-stream'}\r\n\r\n`,
					'utf8',
				),
				part.content,
				Buffer.from('\r\n'),
			);
		} else {
			const value = part.value.replace(/\r?\n|\r/g, '\r\n');
			pieces.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"\r\n\r\n${value}\r\n`,
					'utf8',
				),
			);
		}
	}
	pieces.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(pieces), contentType: `multipart/form-data; boundary=${boundary}` };
}
