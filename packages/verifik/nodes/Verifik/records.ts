/**
 * The "Download Image" option shared by the three operations: fetch a record's
 * imageUrl into a binary property, named after the record.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { optionsCollection } from '@idv-documents/shared/descriptions/requestControl';
import {
	detectMimeType,
	extensionFromMimeType,
	fileExtension,
	safeFileName,
} from '@idv-documents/shared/files/fileTypes';
import { storeBinary } from '@idv-documents/shared/files/binaryData';
import { readPositive, type NumberOption } from '@idv-documents/shared/run/options';
import { runsAsTool } from '@idv-documents/shared/run/toolMode';
import { MB } from '@idv-documents/shared/text/bytes';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import type { ResponseLimit } from '@idv-documents/shared/http/answer';
import { describeUrl, downloadFile } from '@idv-documents/shared/http/fileDownload';

const MAX_IMAGE_MB = {
	name: 'maxImageSizeMb',
	default: 50,
	min: 1,
} as const satisfies NumberOption;

export const downloadImageOptions: INodeProperties[] = [
	{
		displayName: 'Download Image',
		name: 'downloadImage',
		type: 'boolean',
		default: false,
		description:
			'Whether to also fetch the checked image (imageUrl, present when the image was saved) as binary data, e.g. to attach it in Unit21',
	},
	{
		displayName: 'Max Image Size (MB)',
		...numberOptionFields(MAX_IMAGE_MB),
		description:
			'Refuse an image larger than this; the download stops as soon as it passes the limit',
		displayOptions: { show: { downloadImage: [true] } },
	},
	{
		displayName: 'Put Image in Field',
		name: 'imageBinaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The binary property the downloaded image is written to',
		displayOptions: { show: { downloadImage: [true] } },
	},
];

/** The options of the two read operations: the image download and request control. */
export const readOptions: INodeProperties = optionsCollection(downloadImageOptions);

function imageLimitFrom(options: IDataObject): ResponseLimit {
	return {
		maxBytes: readPositive(options, MAX_IMAGE_MB) * MB,
		what: 'the image',
		option: 'Max Image Size (MB)',
	};
}

/** The record as an item, with its saved image as binary when asked for and present. */
export async function recordToItem(
	scope: ItemScope<IExecuteFunctions>,
	record: IDataObject,
	options: IDataObject,
): Promise<INodeExecutionData> {
	const { context, itemIndex } = scope;
	const item: INodeExecutionData = { json: record };
	const imageUrl = typeof record.imageUrl === 'string' ? record.imageUrl.trim() : '';
	// A record whose image was not saved keeps its JSON and simply gets no binary; an AI
	// Agent's tool gets none either, as the model could not receive it.
	if (!options.downloadImage || !imageUrl || runsAsTool(context)) return item;
	const response = await downloadFile(scope, imageUrl, imageLimitFrom(options));
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw new NodeOperationError(
			context.getNode(),
			`Could not download the image of document liveness "${String(record._id ?? '')}" from ${describeUrl(imageUrl)} (HTTP ${response.statusCode})`,
			{
				itemIndex,
				description:
					'The saved image may have expired or been deleted. Turn off "Download Image" to keep only the JSON.',
			},
		);
	}
	const urlPath = new URL(imageUrl).pathname;
	const mimeType = detectMimeType(response.body, urlPath);
	const extension = extensionFromMimeType(mimeType) ?? (fileExtension(urlPath) || 'bin');
	const fileName = safeFileName(
		`document-liveness-${String(record._id ?? 'image')}.${extension}`,
		`document-liveness.${extension}`,
	);
	const property = String(options.imageBinaryPropertyName ?? '').trim() || 'data';
	item.binary = { [property]: await storeBinary(context, response.body, fileName, mimeType) };
	return item;
}
