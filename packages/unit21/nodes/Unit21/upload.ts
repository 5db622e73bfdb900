/**
 * Adding media to a Unit21 object: the item's binaries checked against what Unit21
 * accepts (type, size, media type) before anything is sent, encoded as multipart form
 * data or base64 JSON, and linked in one request.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeOperationError,
} from 'n8n-workflow';

import { readInputBinary } from '@idv-documents/shared/files/binaryData';
import { fileExtension, mimeTypeFromExtension } from '@idv-documents/shared/files/fileTypes';
import {
	encodeMultipart,
	isMediaType,
	type MultipartPart,
} from '@idv-documents/shared/files/multipart';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { itemFailure } from '@idv-documents/shared/run/itemFailure';
import { formatBytes, MB } from '@idv-documents/shared/text/bytes';
import {
	ACCEPTED_EXTENSIONS,
	isAcceptedExtension,
	MAX_FILE_BYTES,
	resolveMediaType,
	selectProperties,
	uploadFileName,
} from './media';
import type { MediaDetails } from './mediaDetails';
import { isCustomerIdType, type Unit21ObjectType } from './objectTypes';
import { linkMedia } from './transport';

export interface PreparedFile {
	property: string;
	fileName: string;
	mimeType: string;
	mediaType?: string;
	content: Buffer;
}

/**
 * Entity and event paths hold the org_name: refuse before reading any file when the
 * credential lacks it, or holds only dots ("." and ".." pass encodeURIComponent, and URL
 * parsing resolves them: the upload would go to another path).
 */
export function checkOrgName(
	scope: ItemScope<IExecuteFunctions>,
	objectType: Unit21ObjectType,
): void {
	if (!isCustomerIdType(objectType)) return;
	const orgName = String(scope.connection.credentials.orgName ?? '').trim();
	if (!orgName) {
		throw itemFailure(
			scope.context,
			scope.itemIndex,
			'The Unit21 credential has no Organization Name',
			'Enter the org_name Unit21 assigned to you in the Unit21 API credential; entity and event paths need it.',
		);
	}
	if (/^\.+$/.test(orgName)) {
		throw itemFailure(
			scope.context,
			scope.itemIndex,
			`The Unit21 credential's Organization Name "${orgName}" is only dots`,
			`Dots alone would change the request path (/v1/${orgName}/entities/… leads elsewhere), so nothing was sent. Enter the org_name Unit21 assigned to you (e.g. acme_bank) in the Organization Name field of the Unit21 API credential.`,
		);
	}
}

/**
 * Unit21 takes 5 MB per file; one request carries at most this much (files as encoded,
 * and the details sent with each). Checked before any file is read or encoded: a request
 * past V8's largest string (~512 MB) or n8n's memory fails without words otherwise.
 */
export const MAX_REQUEST_BYTES = 100 * MB;
/** A part's headers, boundary and JSON keys: more than they take, so the estimate never falls short. */
const BYTES_PER_FILE = 1024;

/** What decides a request's size besides the files: the encoding, and what goes with each file. */
export interface RequestShape {
	/** `formData` or `base64`, as the Upload Mode parameter. */
	uploadMode: string;
	details: MediaDetails;
}

interface PlannedFile {
	property: string;
	fileName: string;
	/** Known from n8n's record or from the bytes read; undefined until then. */
	bytes?: number;
}

/** The JSON sent with every file (custom data, source, timestamp), its size in bytes. */
function detailsBytes(details: MediaDetails): number {
	const { customData, source, timestamp } = details;
	return Buffer.byteLength(JSON.stringify({ custom_data: customData, source, timestamp }));
}

/** The request's size, never less than it will be once every file's size is known (until then, unknown ones count as empty). */
function requestBytes(files: PlannedFile[], uploadMode: string, perFile: number): number {
	let total = 0;
	for (const { property, fileName, bytes = 0 } of files) {
		const encoded = uploadMode === 'base64' ? Math.ceil(bytes / 3) * 4 : bytes;
		// Escaped or UTF-8 encoded, a name character takes at most three bytes.
		total += encoded + perFile + BYTES_PER_FILE + 3 * (property.length + fileName.length);
	}
	return total;
}

function checkRequestSize(
	context: IExecuteFunctions,
	itemIndex: number,
	files: PlannedFile[],
	{ uploadMode, details }: RequestShape,
	perFile: number,
): void {
	const total = requestBytes(files, uploadMode, perFile);
	if (total <= MAX_REQUEST_BYTES) return;
	const fileBytes = files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
	const reasons = [`${files.length} files of ${formatBytes(fileBytes)} together`];
	if (details.customData) {
		reasons.push(
			`Custom Data of ${formatBytes(perFile)}, sent with each of the ${files.length} files`,
		);
	}
	throw itemFailure(
		context,
		itemIndex,
		`The request for item ${itemIndex} would be about ${formatBytes(total)}, over the ${formatBytes(MAX_REQUEST_BYTES)} the node sends to Unit21 in one request`,
		`It would hold ${reasons.join(', and ')}; nothing was sent. Send fewer files per item (e.g. Socure RiskOS's "One Item per File" output, or fewer names in Input Binary Field(s))${details.customData ? ' or less Custom Data' : ''}.${uploadMode === 'base64' ? ' Base64 JSON makes files a third larger than Multipart Form Data does.' : ''}`,
	);
}

/** Which binaries to send and what media type to give them, as the operation's parameters say. */
export interface FileSelection {
	/** `data`, `a, b` or `*`. */
	binaryProperties: string;
	/** `auto`, `none` or a media type. */
	mediaType: string;
}

/**
 * The selected binaries, each checked against what Unit21 accepts; oversize files, and a
 * request over MAX_REQUEST_BYTES, are refused from n8n's recorded sizes before they are read.
 */
export async function prepareFiles(
	context: IExecuteFunctions,
	objectType: Unit21ObjectType,
	itemIndex: number,
	{ binaryProperties: selector, mediaType: mediaTypeChoice }: FileSelection,
	shape: RequestShape,
): Promise<PreparedFile[]> {
	const item = context.getInputData()[itemIndex];
	const available = Object.keys(item.binary ?? {});
	const names = selectProperties(selector, available);
	if (!names.length) {
		throw itemFailure(
			context,
			itemIndex,
			`Input item ${itemIndex} has no binary data to upload`,
			'Connect a node that outputs files (e.g. Socure RiskOS) before this one.',
		);
	}
	const planned: PlannedFile[] = names.map((property) => {
		const metadata = item.binary?.[property];
		// Refuse oversize files from their metadata before reading them into memory.
		if (metadata?.bytes !== undefined && metadata.bytes > MAX_FILE_BYTES) {
			throw tooLarge(context, itemIndex, property, metadata.fileName, metadata.bytes);
		}
		return { property, fileName: metadata?.fileName ?? property, bytes: metadata?.bytes };
	});
	const perFile = detailsBytes(shape.details);
	checkRequestSize(context, itemIndex, planned, shape, perFile);
	const files: PreparedFile[] = [];
	for (const [index, property] of names.entries()) {
		const { content, metadata: binary } = await readInputBinary(context, itemIndex, property);
		// A file n8n recorded no size for is counted as read: memory stays within the limit.
		planned[index].bytes = content.length;
		checkRequestSize(context, itemIndex, planned, shape, perFile);
		const fileName = uploadFileName(binary.fileName, binary.mimeType, property);
		if (!fileName) {
			throw itemFailure(
				context,
				itemIndex,
				`The file in binary property "${property}" of item ${itemIndex} has no file extension`,
				`Unit21 needs the extension in the name, and the MIME type "${binary.mimeType}" does not imply one. Rename the file (e.g. with an Edit Fields node) to end in one of: ${ACCEPTED_EXTENSIONS.join(', ')}.`,
			);
		}
		if (!isAcceptedExtension(fileName)) {
			throw itemFailure(
				context,
				itemIndex,
				`Unit21 does not accept "${fileName}" (binary property "${property}" of item ${itemIndex})`,
				`Accepted file types: ${ACCEPTED_EXTENSIONS.join(', ')}. Convert the file or leave it out of the binary property list.`,
			);
		}
		if (content.length > MAX_FILE_BYTES)
			throw tooLarge(context, itemIndex, property, fileName, content.length);
		const mediaType = resolveMediaType(mediaTypeChoice, property, item.json);
		if (objectType === 'event' && !mediaType) {
			throw itemFailure(
				context,
				itemIndex,
				`Unit21 requires a media type for event media, and "${property}" of item ${itemIndex} has none`,
				'Pick a media type (e.g. Check Front) in Media Type, or make sure the input items carry unit21MediaType.',
			);
		}
		files.push({
			property,
			fileName,
			mimeType: partMimeType(binary.mimeType, fileName),
			mediaType,
			content,
		});
	}
	return files;
}

/**
 * The binary's MIME type when it is one (RFC 7231's `type/subtype[; params]`); otherwise
 * the type its extension names. Unit21 goes by the extension, so a malformed label (a CR
 * or LF in it would add part headers) is replaced rather than refused.
 */
function partMimeType(mimeType: string | undefined, fileName: string): string {
	if (mimeType && isMediaType(mimeType)) return mimeType;
	return mimeTypeFromExtension(fileExtension(fileName)) ?? 'application/octet-stream';
}

function tooLarge(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	fileName: string | undefined,
	bytes: number,
): NodeOperationError {
	return itemFailure(
		context,
		itemIndex,
		`"${fileName ?? property}" (binary property "${property}" of item ${itemIndex}) is ${formatBytes(bytes)}, over Unit21's 5 MB limit per file`,
		'Compress or resize the file (e.g. with the Edit Image node) before this node.',
	);
}

function encodeBody(
	files: PreparedFile[],
	uploadMode: string,
	extra: MediaDetails,
): { body: Buffer; contentType: string } {
	if (uploadMode === 'base64') {
		// Base64 objects have no source/timestamp fields: they travel in custom_data.
		const customData: IDataObject = {
			...(extra.customData ?? {}),
			...(extra.source !== undefined ? { source: extra.source } : {}),
			...(extra.timestamp !== undefined ? { timestamp: extra.timestamp } : {}),
		};
		const media = files.map((file) => ({
			media: file.content.toString('base64'),
			name: file.fileName,
			...(file.mediaType ? { media_type: file.mediaType } : {}),
			...(Object.keys(customData).length ? { custom_data: customData } : {}),
		}));
		return { body: Buffer.from(JSON.stringify(media)), contentType: 'application/json' };
	}
	const parts: MultipartPart[] = [];
	for (const file of files) {
		parts.push({
			name: file.property,
			content: file.content,
			fileName: file.fileName,
			contentType: file.mimeType,
		});
		const supplementary: IDataObject = {
			...(file.mediaType ? { media_type: file.mediaType } : {}),
			...(extra.source !== undefined ? { source: extra.source } : {}),
			...(extra.timestamp !== undefined ? { timestamp: extra.timestamp } : {}),
			...(extra.customData ? { custom_data: extra.customData } : {}),
		};
		if (Object.keys(supplementary).length)
			parts.push({ name: file.property, value: JSON.stringify(supplementary) });
	}
	return encodeMultipart(parts);
}

export interface MediaUpload {
	objectType: Unit21ObjectType;
	objectId: string;
	/** `formData` or `base64`, as the Upload Mode parameter. */
	uploadMode: string;
	files: PreparedFile[];
	details: MediaDetails;
	resendWhenUnsure: boolean;
}

/** Links the files to the object in one request; the output item says what was sent. */
export async function uploadMedia(
	scope: ItemScope<IExecuteFunctions>,
	{ objectType, objectId, uploadMode, files, details, resendWhenUnsure }: MediaUpload,
): Promise<INodeExecutionData[]> {
	const { body, contentType } = encodeBody(files, uploadMode, details);
	const response = await linkMedia(scope, {
		objectType,
		objectId,
		body,
		contentType,
		resendWhenUnsure,
	});
	return [
		{
			json: {
				objectType,
				objectId,
				uploadMode,
				files: files.map((file) => ({
					property: file.property,
					fileName: file.fileName,
					mimeType: file.mimeType,
					...(file.mediaType ? { mediaType: file.mediaType } : {}),
					size: file.content.length,
				})),
				...(response && typeof response === 'object' && Object.keys(response).length
					? { response: response as IDataObject }
					: {}),
			},
		},
	];
}
