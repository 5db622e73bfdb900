/**
 * What Unit21 accepts as media, and which media type each file gets. Pure
 * functions over file metadata and item JSON; the operation reads the bytes.
 */
import { fileExtension, withExtension } from '../lib/binary';

export const MEDIA_TYPES = [
	'IMAGE_PROFILE_PICTURE',
	'IMAGE_DRIVERS_LICENSE_FRONT',
	'IMAGE_DRIVERS_LICENSE_BACK',
	'IMAGE_PASSPORT_FRONT',
	'IMAGE_ID_CARD_FRONT',
	'IMAGE_ID_CARD_BACK',
	'IMAGE_FACE_IMAGE',
	'IMAGE_CHECK_FRONT',
	'IMAGE_CHECK_BACK',
] as const;

/** The documented file types (txt, pdf, video, images); jpeg is jpg under another name. */
export const ACCEPTED_EXTENSIONS = ['txt', 'pdf', 'mp4', 'mov', 'wmv', 'avi', 'mkv', 'png', 'jpg', 'jpeg', 'tiff', 'gif', 'raw', 'eps'];

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** `data`, `a, b` or `*` (every binary property of the item, in order). */
export function selectProperties(selector: string, available: string[]): string[] {
	const trimmed = selector.trim();
	if (trimmed === '*') return available;
	const names = trimmed
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	return [...new Set(names.length ? names : ['data'])];
}

/**
 * A file name Unit21 will take: the binary's own name, or one derived from the
 * MIME type when it has no extension. Undefined when no extension can be found.
 */
export function uploadFileName(fileName: string | undefined, mimeType: string | undefined, property: string): string | undefined {
	const base = fileName?.trim() || property;
	const named = withExtension(base, mimeType);
	return fileExtension(named) ? named : undefined;
}

export function isAcceptedExtension(fileName: string): boolean {
	return ACCEPTED_EXTENSIONS.includes(fileExtension(fileName));
}

/**
 * `auto`: a property listed in the item's `files` (Socure's "all files in one item")
 * takes that entry's media type; otherwise the item's own `unit21MediaType` (Socure's
 * "one item per file"); otherwise none. `none`: none. Anything else: that value.
 */
export function resolveMediaType(choice: string, property: string, itemJson: Record<string, unknown>): string | undefined {
	if (choice === 'none') return undefined;
	if (choice !== 'auto') return choice;
	const files = Array.isArray(itemJson.files) ? (itemJson.files as Array<Record<string, unknown>>) : [];
	const listed = files.find((file) => file && file.property === property);
	if (listed) return typeof listed.unit21MediaType === 'string' ? listed.unit21MediaType : undefined;
	return typeof itemJson.unit21MediaType === 'string' ? itemJson.unit21MediaType : undefined;
}

/** Epoch seconds from a number, a numeric string or an ISO date; undefined when it is none of them. */
export function toEpochSeconds(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
	if (typeof value !== 'string' || !value.trim()) return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.floor(Number(text));
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : Math.floor(parsed / 1000);
}
