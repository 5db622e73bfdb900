/**
 * Files an Update State sends along: input binaries read through n8n's helpers, held to
 * a total size before anything is encoded, named as the downloads are named, and
 * written as RiskOS's `attachments: [{file_name, file_data}]` (base64).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readInputBinary, selectBinaryProperties } from '@idv-documents/shared/files/binaryData';
import { safeFileName, withExtension } from '@idv-documents/shared/files/fileTypes';
import { formatBytes } from '@idv-documents/shared/text/bytes';

const MB = 1024 * 1024;

/** RiskOS documents no limit; base64 makes the body a third larger than the files. */
export const DEFAULT_MAX_ATTACHMENTS_MB = 10;

/** The option that raises the limit, as the user sees it. */
export const MAX_ATTACHMENTS_OPTION = 'Max Attachments Size (MB)';

export interface AttachmentFile {
	property: string;
	fileName: string;
	content: Buffer;
}

/** One entry of the state body's `attachments`, as RiskOS spells it. */
export interface StateAttachment {
	file_name: string;
	file_data: string;
}

/** The total size limit in bytes from the option; an expression giving nothing or NaN keeps the default. */
export function maxAttachmentBytes(optionValue: unknown): number {
	const megabytes = Number(optionValue ?? DEFAULT_MAX_ATTACHMENTS_MB);
	return (
		(Number.isFinite(megabytes) && megabytes > 0 ? megabytes : DEFAULT_MAX_ATTACHMENTS_MB) * MB
	);
}

/** The name RiskOS shows: the binary's own, cleaned like a downloaded file's, with an extension when its type implies one. */
export function attachmentFileName(
	fileName: string | undefined,
	mimeType: string | undefined,
	property: string,
): string {
	return withExtension(safeFileName(fileName ?? '', property), mimeType);
}

interface Sized {
	property: string;
	fileName?: string;
	size: number;
}

function tooLarge(
	context: IExecuteFunctions,
	itemIndex: number,
	files: Sized[],
	maxBytes: number,
): NodeOperationError {
	const total = files.reduce((sum, file) => sum + file.size, 0);
	const listed = files
		.map(
			(file) =>
				`"${file.property}"${file.fileName ? ` (${file.fileName})` : ''} ${formatBytes(file.size)}`,
		)
		.join(', ');
	return new NodeOperationError(
		context.getNode(),
		`The attachments of item ${itemIndex} add up to ${formatBytes(total)}, over the ${formatBytes(maxBytes)} limit`,
		{
			itemIndex,
			description: `Binary properties: ${listed}. Nothing was sent to RiskOS. Raise "${MAX_ATTACHMENTS_OPTION}" in the options if RiskOS should take files this large, or list fewer binary properties in Attachments.`,
		},
	);
}

/**
 * The item's binaries the Attachments option names (`*` for all it has), read within the
 * total limit: refused from n8n's recorded sizes before reading, and from the bytes as
 * read before anything is encoded. A named property the item lacks is an error; `*` on
 * an item without binaries attaches nothing.
 */
export async function readAttachments(
	context: IExecuteFunctions,
	itemIndex: number,
	selector: string,
	maxBytes: number,
): Promise<AttachmentFile[]> {
	const binaries = context.getInputData()[itemIndex]?.binary ?? {};
	const properties = selectBinaryProperties(selector, Object.keys(binaries));
	const recorded = properties.map((property) => ({
		property,
		fileName: binaries[property]?.fileName,
		size: binaries[property]?.bytes ?? 0,
	}));
	if (recorded.reduce((sum, file) => sum + file.size, 0) > maxBytes)
		throw tooLarge(context, itemIndex, recorded, maxBytes);
	const files: AttachmentFile[] = [];
	let total = 0;
	for (const property of properties) {
		const { content, metadata } = await readInputBinary(context, itemIndex, property);
		total += content.length;
		files.push({
			property,
			fileName: attachmentFileName(metadata.fileName, metadata.mimeType, property),
			content,
		});
		if (total > maxBytes) {
			throw tooLarge(
				context,
				itemIndex,
				files.map((file) => ({ ...file, size: file.content.length })),
				maxBytes,
			);
		}
	}
	return files;
}

export function encodeAttachments(files: AttachmentFile[]): StateAttachment[] {
	return files.map((file) => ({
		file_name: file.fileName,
		file_data: file.content.toString('base64'),
	}));
}
