/**
 * File naming and typing shared by every node: MIME type from magic bytes and
 * extension, extension from MIME type, and safe file names from untrusted paths.
 */

const MIME_BY_EXTENSION: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	webp: 'image/webp',
	heic: 'image/heic',
	heif: 'image/heif',
	bmp: 'image/bmp',
	raw: 'image/x-raw',
	eps: 'application/postscript',
	pdf: 'application/pdf',
	txt: 'text/plain',
	json: 'application/json',
	xml: 'application/xml',
	csv: 'text/csv',
	zip: 'application/zip',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	wmv: 'video/x-ms-wmv',
	avi: 'video/x-msvideo',
	mkv: 'video/x-matroska',
};

const EXTENSION_BY_MIME: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/pjpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/tiff': 'tiff',
	'image/webp': 'webp',
	'image/heic': 'heic',
	'image/heif': 'heif',
	'image/bmp': 'bmp',
	'image/x-raw': 'raw',
	'application/postscript': 'eps',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
	'application/json': 'json',
	'application/zip': 'zip',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/x-ms-wmv': 'wmv',
	'video/x-msvideo': 'avi',
	'video/x-matroska': 'mkv',
};

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
	if (bytes.length < offset + signature.length) return false;
	return signature.every((byte, index) => bytes[offset + index] === byte);
}

/** The MIME type the content itself declares, for the formats that identity documents use. */
export function sniffMimeType(bytes: Uint8Array): string | undefined {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
		return 'image/tiff';
	}
	if (
		startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
		startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
	) {
		return 'image/webp';
	}
	if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
		const brand = Buffer.from(bytes.subarray(8, 12)).toString('latin1');
		if (/^(heic|heix|heim|heis|mif1|msf1)$/.test(brand)) return 'image/heic';
		if (brand === 'qt  ') return 'video/quicktime';
		return 'video/mp4';
	}
	if (startsWith(bytes, [0x42, 0x4d]) && bytes.length > 14) return 'image/bmp';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
	return undefined;
}

/** Lower-case extension without the dot, or '' when the name has none. */
export function fileExtension(fileName: string): string {
	const base = fileName.split('/').pop() ?? '';
	const dot = base.lastIndexOf('.');
	return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
}

export function mimeTypeFromExtension(extension: string): string | undefined {
	return MIME_BY_EXTENSION[extension.toLowerCase()];
}

export function extensionFromMimeType(mimeType: string | undefined): string | undefined {
	if (!mimeType) return undefined;
	return EXTENSION_BY_MIME[mimeType.split(';')[0].trim().toLowerCase()];
}

/** Magic bytes win over the name: a `.jpg` that holds a PNG is a PNG. */
export function detectMimeType(bytes: Uint8Array, fileName: string): string {
	return (
		sniffMimeType(bytes) ??
		mimeTypeFromExtension(fileExtension(fileName)) ??
		'application/octet-stream'
	);
}

/**
 * Characters that change how a name reads without being visible: C0/C1 controls, bidi
 * embeddings, overrides and isolates (`invoice\u202Egpj.exe` shows as "invoiceexe.jpg"),
 * zero-width characters and the byte-order mark.
 */
const INVISIBLE =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Most file systems take at most 255 bytes per name (ext4, APFS, ZFS), a name written as UTF-8. */
const MAX_NAME_BYTES = 255;
const MAX_NAME_CHARACTERS = 200;
/** Longer "extensions" are part of the name (a.b.this-is-no-extension): they may be cut. */
const MAX_EXTENSION_LENGTH = 10;

/**
 * A file name safe to hand to any storage and to show: the last segment of an
 * untrusted path, with invisible and reserved characters removed or replaced, no
 * leading dots, at most 200 characters and 255 UTF-8 bytes (cut between code points,
 * the extension kept). Never empty.
 */
export function safeFileName(untrustedPath: string, fallback = 'file'): string {
	const segments = untrustedPath.replace(/\\/g, '/').split('/');
	const lastSegment =
		segments.filter((segment) => segment && segment !== '.' && segment !== '..').pop() ?? '';
	const cleaned = lastSegment
		.replace(INVISIBLE, '')
		.replace(/[<>:"|?*]/g, '_')
		.replace(/^\.+/, '')
		.trim();
	return shortenKeepingExtension(cleaned) || fallback;
}

/** Cuts between code points, so a character outside the BMP is never cut in half. */
function shortenKeepingExtension(name: string): string {
	if ([...name].length <= MAX_NAME_CHARACTERS && Buffer.byteLength(name) <= MAX_NAME_BYTES)
		return name;
	const extensionLength = fileExtension(name).length;
	const suffix =
		extensionLength && extensionLength <= MAX_EXTENSION_LENGTH
			? name.slice(name.lastIndexOf('.'))
			: '';
	let characters = MAX_NAME_CHARACTERS - [...suffix].length;
	let bytes = MAX_NAME_BYTES - Buffer.byteLength(suffix);
	let stem = '';
	for (const codePoint of name.slice(0, name.length - suffix.length)) {
		const size = Buffer.byteLength(codePoint);
		if (characters < 1 || bytes < size) break;
		stem += codePoint;
		characters -= 1;
		bytes -= size;
	}
	return stem + suffix;
}

/** Ensures a file name carries an extension, deriving it from the MIME type when missing. */
export function withExtension(fileName: string, mimeType: string | undefined): string {
	if (fileExtension(fileName)) return fileName;
	const extension = extensionFromMimeType(mimeType);
	return extension ? `${fileName}.${extension}` : fileName;
}
