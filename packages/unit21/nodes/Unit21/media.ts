/**
 * What Unit21 accepts as media, and which media type each file gets. Pure
 * functions over file metadata and item JSON; the operation reads the bytes.
 */
import { selectBinaryProperties } from '@idv-documents/shared/files/binaryData';
import { fileExtension, withExtension } from '@idv-documents/shared/files/fileTypes';

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
export const ACCEPTED_EXTENSIONS = [
	'txt',
	'pdf',
	'mp4',
	'mov',
	'wmv',
	'avi',
	'mkv',
	'png',
	'jpg',
	'jpeg',
	'tiff',
	'gif',
	'raw',
	'eps',
];

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** `data`, `a, b` or `*` (every binary property of the item, in order); an empty list means `data`. */
export function selectProperties(selector: string, available: string[]): string[] {
	const names = selectBinaryProperties(selector, available);
	return names.length || selector.trim() === '*' ? names : ['data'];
}

/**
 * A file name Unit21 will take: the binary's own name, or one derived from the
 * MIME type when it has no extension. Undefined when no extension can be found.
 */
export function uploadFileName(
	fileName: string | undefined,
	mimeType: string | undefined,
	property: string,
): string | undefined {
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
export function resolveMediaType(
	choice: string,
	property: string,
	itemJson: Record<string, unknown>,
): string | undefined {
	if (choice === 'none') return undefined;
	if (choice !== 'auto') return choice;
	const files = Array.isArray(itemJson.files)
		? (itemJson.files as Array<Record<string, unknown>>)
		: [];
	const listed = files.find((file) => file && file.property === property);
	if (listed)
		return typeof listed.unit21MediaType === 'string' ? listed.unit21MediaType : undefined;
	return typeof itemJson.unit21MediaType === 'string' ? itemJson.unit21MediaType : undefined;
}

/** Epoch values from this many upward are milliseconds (seconds would be past the year 5000). */
const MILLISECOND_EPOCHS_FROM = 1e11;
/** The ISO 8601 forms a user or an upstream node writes: a date, optionally a time and zone. */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function fromEpoch(value: number): number | undefined {
	if (!Number.isFinite(value) || value < 0) return undefined;
	return Math.floor(value >= MILLISECOND_EPOCHS_FROM ? value / 1000 : value);
}

/**
 * Epoch seconds from epoch seconds or milliseconds (a number or digits) or an ISO date;
 * undefined for anything else, negative numbers and dates that do not exist (2024-02-30).
 */
export function toEpochSeconds(value: unknown): number | undefined {
	if (typeof value === 'number') return fromEpoch(value);
	if (typeof value !== 'string' || !value.trim()) return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
	const match = ISO_DATE.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '00', minute = '00', second = '00'] = match.map(
		(part) => part ?? undefined,
	);
	// Date.parse rolls 2024-02-30 over to March 1: check each field survived.
	const calendar = new Date(
		Date.UTC(
			Number(year),
			Number(month) - 1,
			Number(day),
			Number(hour),
			Number(minute),
			Number(second),
		),
	);
	if (
		calendar.getUTCFullYear() !== Number(year) ||
		calendar.getUTCMonth() !== Number(month) - 1 ||
		calendar.getUTCDate() !== Number(day) ||
		calendar.getUTCHours() !== Number(hour) ||
		calendar.getUTCMinutes() !== Number(minute) ||
		calendar.getUTCSeconds() !== Number(second)
	) {
		return undefined;
	}
	const parsed = Date.parse(match[4] ? text.replace(' ', 'T') : `${text}T00:00:00Z`);
	return Number.isNaN(parsed) ? undefined : Math.floor(parsed / 1000);
}
