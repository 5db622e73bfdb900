/**
 * Adding media to a Unit21 object: the item's binaries checked against what Unit21
 * accepts (type, size, media type) before anything is sent, encoded as multipart form
 * data or base64 JSON, and linked in one request.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readInputBinary } from '@idv-documents/shared/files/binaryData';
import { encodeMultipart, type MultipartPart } from '@idv-documents/shared/files/multipart';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { formatBytes } from '@idv-documents/shared/text/bytes';
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

function fail(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** Entity and event paths hold the org_name: refuse before reading any file when the credential lacks it. */
export function checkOrgName(
	scope: ItemScope<IExecuteFunctions>,
	objectType: Unit21ObjectType,
): void {
	if (isCustomerIdType(objectType) && !String(scope.connection.credentials.orgName ?? '').trim()) {
		throw fail(
			scope.context,
			scope.itemIndex,
			'The Unit21 credential has no Organization Name',
			'Enter the org_name Unit21 assigned to you in the Unit21 API credential; entity and event paths need it.',
		);
	}
}

/** Which binaries to send and what media type to give them, as the operation's parameters say. */
export interface FileSelection {
	/** `data`, `a, b` or `*`. */
	binaryProperties: string;
	/** `auto`, `none` or a media type. */
	mediaType: string;
}

/** The selected binaries, each checked against what Unit21 accepts; oversize files are refused before they are read. */
export async function prepareFiles(
	context: IExecuteFunctions,
	objectType: Unit21ObjectType,
	itemIndex: number,
	{ binaryProperties: selector, mediaType: mediaTypeChoice }: FileSelection,
): Promise<PreparedFile[]> {
	const item = context.getInputData()[itemIndex];
	const available = Object.keys(item.binary ?? {});
	const names = selectProperties(selector, available);
	if (!names.length) {
		throw fail(
			context,
			itemIndex,
			`Input item ${itemIndex} has no binary data to upload`,
			'Connect a node that outputs files (e.g. Socure RiskOS) before this one.',
		);
	}
	const files: PreparedFile[] = [];
	for (const property of names) {
		const metadata = item.binary?.[property];
		// Refuse oversize files from their metadata before reading them into memory.
		if (metadata?.bytes !== undefined && metadata.bytes > MAX_FILE_BYTES) {
			throw tooLarge(context, itemIndex, property, metadata.fileName, metadata.bytes);
		}
		const { content, metadata: binary } = await readInputBinary(context, itemIndex, property);
		const fileName = uploadFileName(binary.fileName, binary.mimeType, property);
		if (!fileName) {
			throw fail(
				context,
				itemIndex,
				`The file in binary property "${property}" of item ${itemIndex} has no file extension`,
				`Unit21 needs the extension in the name, and the MIME type "${binary.mimeType}" does not imply one. Rename the file (e.g. with an Edit Fields node) to end in one of: ${ACCEPTED_EXTENSIONS.join(', ')}.`,
			);
		}
		if (!isAcceptedExtension(fileName)) {
			throw fail(
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
			throw fail(
				context,
				itemIndex,
				`Unit21 requires a media type for event media, and "${property}" of item ${itemIndex} has none`,
				'Pick a media type (e.g. Check Front) in Media Type, or make sure the input items carry unit21MediaType.',
			);
		}
		files.push({
			property,
			fileName,
			mimeType: binary.mimeType || 'application/octet-stream',
			mediaType,
			content,
		});
	}
	return files;
}

function tooLarge(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	fileName: string | undefined,
	bytes: number,
): NodeOperationError {
	return fail(
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
