import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { optionsCollection } from '@idv-documents/shared/descriptions/requestControl';
import { detectMimeType, safeFileName } from '@idv-documents/shared/files/fileTypes';
import { storeBinary } from '@idv-documents/shared/files/binaryData';
import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import { readPositive, type NumberOption } from '@idv-documents/shared/run/options';
import { runsAsTool } from '@idv-documents/shared/run/toolMode';
import { MB } from '@idv-documents/shared/text/bytes';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import {
	DEFAULT_ZIP_LIMITS,
	listZipEntries,
	readZipFiles,
	ZipFormatError,
	type ZipLimits,
} from '@idv-documents/shared/files/zip';
import {
	createPropertyNamer,
	documentRole,
	unit21MediaTypeFor,
	type DocumentRole,
} from '../../documentRoles';
import { downloadEvaluationDocuments } from '../../transport';
import { apiVersionOption, evaluationIdField, readApiVersion, readEvaluationId } from './fields';

const MAX_ARCHIVE_MB = {
	name: 'maxArchiveSizeMb',
	default: 1024,
	min: 1,
} as const satisfies NumberOption;
const MAX_FILES = {
	name: 'maxFiles',
	default: DEFAULT_ZIP_LIMITS.maxEntries,
	min: 1,
} as const satisfies NumberOption;
const MAX_UNZIPPED_MB = {
	name: 'maxUnzippedSizeMb',
	default: DEFAULT_ZIP_LIMITS.maxTotalUncompressedBytes / MB,
	min: 1,
} as const satisfies NumberOption;

export const option = {
	name: 'Download Documents',
	action: 'Download evaluation documents',
	description: 'Download the ID front, back, selfie and reviewer attachments of an evaluation',
};

/** The download's size limits; the Socure RiskOS Trigger offers them too. */
export const downloadLimitOptions: INodeProperties[] = [
	{
		displayName: 'Max Archive Size (MB)',
		...numberOptionFields(MAX_ARCHIVE_MB),
		description:
			'Refuse an archive larger than this as downloaded; the download stops as soon as it passes the limit',
	},
	{
		displayName: 'Max Files per Archive',
		...numberOptionFields(MAX_FILES),
		description:
			'Refuse an archive listing more entries than this (protects against malicious archives)',
	},
	{
		displayName: 'Max Unzipped Size (MB)',
		...numberOptionFields(MAX_UNZIPPED_MB),
		description:
			'Refuse an archive whose files add up to more than this once unzipped (stops zip bombs)',
	},
];

const properties: INodeProperties[] = [
	evaluationIdField,
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'filePerItem',
		options: [
			{
				name: 'One Item per File',
				value: 'filePerItem',
				description:
					'Each image or attachment becomes its own item, ready for Unit21 or a file node',
			},
			{
				name: 'All Files in One Item',
				value: 'filesInOneItem',
				description:
					'One item per evaluation with a binary property per file (documentFront, documentBack, selfie, attachment_1, …)',
			},
			{
				name: 'ZIP Archive',
				value: 'zip',
				description: 'The ZIP as Socure sent it, as one binary',
			},
		],
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The binary property the file is written to',
		hint: 'Downstream nodes read the file from this field; Unit21 expects "data" by default',
		displayOptions: { show: { output: ['filePerItem', 'zip'] } },
	},
	optionsCollection([
		apiVersionOption,
		...downloadLimitOptions,
		{
			displayName: 'When No Documents Are Found',
			name: 'onNoDocuments',
			type: 'options',
			default: 'emitItem',
			description:
				'Socure answers "No Documents Found" by design for military IDs, minors (R844) and deleted data',
			options: [
				{
					name: 'Output an Item',
					value: 'emitItem',
					description: "Output evaluationId, documentsFound: false and Socure's message",
				},
				{ name: 'Skip', value: 'skip', description: 'Output nothing for this evaluation' },
				{
					name: 'Fail',
					value: 'error',
					description: 'Stop with an error (or an error item with Continue On Error)',
				},
			],
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['evaluation'], operation: ['downloadDocuments'] } },
	properties,
);

interface DocumentFile {
	path: string;
	fileName: string;
	role: DocumentRole;
	unit21MediaType?: string;
	size: number;
	mimeType: string;
}

function describeFile(path: string, content: Buffer): DocumentFile {
	const role = documentRole(path);
	const fileName = safeFileName(path);
	const unit21MediaType = unit21MediaTypeFor(role);
	return {
		path,
		fileName,
		role,
		...(unit21MediaType ? { unit21MediaType } : {}),
		size: content.length,
		mimeType: detectMimeType(content, fileName),
	};
}

function zipLimitsFrom(options: IDataObject): ZipLimits {
	return {
		maxEntries: readPositive(options, MAX_FILES),
		maxTotalUncompressedBytes: readPositive(options, MAX_UNZIPPED_MB) * MB,
	};
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = item;
	return await downloadDocuments(item, {
		evaluationId: readEvaluationId(this, itemIndex),
		output: this.getNodeParameter('output', itemIndex, 'filePerItem') as string,
		binaryPropertyName:
			(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim() || 'data',
		options: this.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject,
	});
}

export interface DocumentsRequest {
	evaluationId: string;
	/** `filePerItem`, `filesInOneItem` or `zip`, as the Output parameter. */
	output: string;
	binaryPropertyName: string;
	/** As this operation's Options collection (API version, limits, no-documents handling). */
	options: IDataObject;
}

/** Downloads one evaluation's documents and turns them into output items; the Socure RiskOS Trigger uses it too. */
export async function downloadDocuments(
	item: ItemScope<IExecuteFunctions>,
	{ evaluationId, output, binaryPropertyName, options }: DocumentsRequest,
): Promise<INodeExecutionData[]> {
	const { context, itemIndex } = item;
	const onNoDocuments = (options.onNoDocuments as string) || 'emitItem';

	const download = await downloadEvaluationDocuments(item, evaluationId, {
		apiVersion: readApiVersion(options),
		maxArchiveBytes: readPositive(options, MAX_ARCHIVE_MB) * MB,
	});

	if (!download.found)
		return noDocuments(context, evaluationId, download.message, onNoDocuments, itemIndex);

	const limits = zipLimitsFrom(options);
	let items: INodeExecutionData[];
	try {
		if (runsAsTool(context)) return [await toolSummary(evaluationId, download.archive, limits)];
		if (output === 'zip')
			return [await zipItem(context, evaluationId, download, limits, binaryPropertyName)];
		items =
			output === 'filesInOneItem'
				? [await filesInOneItem(context, evaluationId, download.archive, limits)]
				: await filePerItem(context, evaluationId, download.archive, limits, binaryPropertyName);
	} catch (error) {
		throw readFailure(context, error, evaluationId, itemIndex);
	}
	// An archive with only folders (or nothing) must not make the input item vanish.
	const empty =
		output === 'filesInOneItem' ? !(items[0].json.files as unknown[]).length : !items.length;
	return empty
		? noDocuments(context, evaluationId, 'The archive holds no files', onNoDocuments, itemIndex)
		: items;
}

/** No documents (Socure said so, or the archive holds none), as "When No Documents Are Found" says to handle it. */
function noDocuments(
	context: IExecuteFunctions,
	evaluationId: string,
	message: string,
	onNoDocuments: string,
	itemIndex: number,
): INodeExecutionData[] {
	if (onNoDocuments === 'skip') return [];
	if (onNoDocuments === 'error') {
		// Socure's own words (masked by the transport) lead the message, so users can search for them.
		throw new NodeOperationError(
			context.getNode(),
			`Socure has no documents for evaluation "${evaluationId}": ${message}`,
			{
				itemIndex,
				description: `This is expected for military IDs, minors (R844) and deleted data; set "When No Documents Are Found" to Output an Item or Skip to carry on.`,
			},
		);
	}
	return [{ json: { evaluationId, documentsFound: false, message } }];
}

function readFailure(
	context: IExecuteFunctions,
	error: unknown,
	evaluationId: string,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof ZipFormatError) {
		return new NodeOperationError(
			context.getNode(),
			`The documents of evaluation "${evaluationId}" could not be read: ${error.message}`,
			{ itemIndex, description: zipAdvice(error) },
		);
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

function zipAdvice(error: ZipFormatError): string {
	switch (error.reason) {
		case 'notZip':
			return "Socure answered 200 but not with a ZIP: check that the credential's environment or Base URL points at the RiskOS API, not a web page or proxy login.";
		case 'tooManyEntries':
		case 'tooLarge':
			return 'Raise "Max Files per Archive" or "Max Unzipped Size (MB)" in the options if the archive is genuine.';
		case 'truncated':
			return 'The download was cut short: run the node again.';
		default:
			return 'The archive is damaged or uses a feature this node does not read. Use the "ZIP Archive" output to keep it as it is.';
	}
}

/**
 * As an AI Agent's tool: what the archive holds, as JSON a model can reason about (file
 * names, roles, sizes, MIME types), whatever the Output setting. Nothing is stored: the
 * files could not reach the model anyway.
 */
async function toolSummary(
	evaluationId: string,
	archive: Buffer,
	limits: ZipLimits,
): Promise<INodeExecutionData> {
	const files: IDataObject[] = [];
	for await (const { entry, content } of readZipFiles(archive, limits))
		files.push({ ...describeFile(entry.path, content) });
	return { json: { evaluationId, documentsFound: true, fileCount: files.length, files } };
}

async function filePerItem(
	context: IExecuteFunctions,
	evaluationId: string,
	archive: Buffer,
	limits: ZipLimits,
	binaryPropertyName: string,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	// One entry inflated at a time, handed to n8n's binary store before the next.
	for await (const { entry, content } of readZipFiles(archive, limits)) {
		const file = describeFile(entry.path, content);
		const binary = await storeBinary(context, content, file.fileName, file.mimeType);
		items.push({ json: { evaluationId, ...file }, binary: { [binaryPropertyName]: binary } });
	}
	return items;
}

async function filesInOneItem(
	context: IExecuteFunctions,
	evaluationId: string,
	archive: Buffer,
	limits: ZipLimits,
): Promise<INodeExecutionData> {
	const propertyFor = createPropertyNamer();
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	for await (const { entry, content } of readZipFiles(archive, limits)) {
		const file = describeFile(entry.path, content);
		const property = propertyFor(file.role);
		binary[property] = await storeBinary(context, content, file.fileName, file.mimeType);
		files.push({ property, ...file });
	}
	return { json: { evaluationId, files }, binary };
}

async function zipItem(
	context: IExecuteFunctions,
	evaluationId: string,
	download: { archive: Buffer; contentDispositionFileName?: string },
	limits: ZipLimits,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	// Listing validates the archive and lets tools see what it holds without unzipping.
	const files = listZipEntries(download.archive, limits)
		.filter((entry) => !entry.isDirectory)
		.map((entry) => {
			const role = documentRole(entry.path);
			const unit21MediaType = unit21MediaTypeFor(role);
			return {
				path: entry.path,
				fileName: safeFileName(entry.path),
				role,
				...(unit21MediaType ? { unit21MediaType } : {}),
				size: entry.uncompressedSize,
			};
		});
	const fileName = safeFileName(
		download.contentDispositionFileName ?? '',
		`${evaluationId}_document.zip`,
	);
	const binary = await storeBinary(context, download.archive, fileName, 'application/zip');
	return {
		json: { evaluationId, fileName, size: download.archive.length, files },
		binary: { [binaryPropertyName]: binary },
	};
}
