/**
 * One evaluation's documents as output items: the download within its limits, the
 * archive read into the Output chosen, and Socure's "No Documents Found" handled as
 * the user asked. The Download Documents operation and the Socure RiskOS Trigger both
 * use it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { storesOnDisk } from '@idv-documents/shared/files/binaryData';
import {
	DEFAULT_ZIP_LIMITS,
	ZipFormatError,
	type ZipLimits,
} from '@idv-documents/shared/files/zip';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { redactSecrets } from '@idv-documents/shared/http/errors';
import { readPositive, type NumberOption } from '@idv-documents/shared/run/options';
import { runsAsTool } from '@idv-documents/shared/run/toolMode';
import { MAX_DECODED_RATIO } from '@idv-documents/shared/http/bodyLimits';
import { MB } from '@idv-documents/shared/text/bytes';
import {
	filePerItem,
	filesInOneItem,
	storedZipItem,
	storeZipStream,
	toolSummary,
	zipFileName,
	zipItem,
	type ArchiveReading,
} from './documentItems';
import { readApiVersion } from './evaluations';
import { downloadEvaluationDocuments } from './transport';

/** n8n 3.0's Compression node default (256 MiB): four archives in flight fit a small instance. */
const MAX_ARCHIVE_MB = {
	name: 'maxArchiveSizeMb',
	default: 256,
	min: 1,
} as const satisfies NumberOption;
const ACCEPT_COMPRESSED = 'acceptCompressed';
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

/** The download's size limits and encoding; the operation and the Socure RiskOS Trigger both offer them. */
export const downloadLimitOptions: INodeProperties[] = [
	{
		displayName: 'Accept Compressed Answers',
		name: ACCEPT_COMPRESSED,
		type: 'boolean',
		default: false,
		description: `Whether Socure may send the archive gzip- or brotli-compressed. Off, it is asked for as it is (Accept-Encoding: identity): a ZIP gains nothing from compression, and unpacking one costs memory. Either way, an answer that unpacks to more than ${MAX_DECODED_RATIO} times its size is refused.`,
	},
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

function zipLimitsFrom(options: IDataObject): ZipLimits {
	return {
		maxEntries: readPositive(options, MAX_FILES),
		maxTotalUncompressedBytes: readPositive(options, MAX_UNZIPPED_MB) * MB,
	};
}

export interface DocumentsRequest {
	evaluationId: string;
	/** `filePerItem`, `filesInOneItem` or `zip`, as the Output parameter. */
	output: string;
	binaryPropertyName: string;
	/** As Download Documents' Options collection (API version, limits, no-documents handling). */
	options: IDataObject;
}

/** Downloads one evaluation's documents and turns them into output items. */
export async function downloadDocuments(
	item: ItemScope<IExecuteFunctions>,
	{ evaluationId, output, binaryPropertyName, options }: DocumentsRequest,
): Promise<INodeExecutionData[]> {
	const { context, itemIndex } = item;
	const onNoDocuments = (options.onNoDocuments as string) || 'emitItem';

	const asTool = runsAsTool(context);
	// Kept as it is and stored on disk: the archive streams into n8n's store, never held whole.
	const streamed = output === 'zip' && !asTool && (await storesOnDisk(context));
	const download = await downloadEvaluationDocuments(item, evaluationId, {
		apiVersion: readApiVersion(options),
		maxArchiveBytes: readPositive(options, MAX_ARCHIVE_MB) * MB,
		acceptCompressed: options[ACCEPT_COMPRESSED] === true,
		...(streamed
			? {
					store: async (archive, fileName) =>
						await storeZipStream(context, archive, zipFileName(evaluationId, fileName)),
				}
			: {}),
	});

	if (!download.found)
		return noDocuments(context, evaluationId, download.message, onNoDocuments, itemIndex);

	const reading: ArchiveReading = {
		limits: zipLimitsFrom(options),
		secrets: item.connection.secrets,
	};
	let items: INodeExecutionData[];
	try {
		if (download.stored)
			return [storedZipItem(evaluationId, download.stored, reading, binaryPropertyName)];
		if (asTool) return [await toolSummary(evaluationId, download.archive, reading)];
		if (output === 'zip')
			return [await zipItem(context, evaluationId, download, reading, binaryPropertyName)];
		items =
			output === 'filesInOneItem'
				? [await filesInOneItem(context, evaluationId, download.archive, reading)]
				: await filePerItem(context, evaluationId, download.archive, reading, binaryPropertyName);
	} catch (error) {
		throw readFailure(context, error, evaluationId, itemIndex, reading.secrets);
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
	secrets: readonly string[],
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof ZipFormatError) {
		// Its message may quote an entry's name, which the server wrote.
		return new NodeOperationError(
			context.getNode(),
			`The documents of evaluation "${evaluationId}" could not be read: ${redactSecrets(error.message, secrets)}`,
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
		case 'largeDirectory':
			return "Its list of files is far larger than a Socure archive's; choose the One Item per File or All Files in One Item output, which read the archive whole.";
		default:
			return 'The archive is damaged or uses a feature this node does not read. Use the "ZIP Archive" output to keep it as it is.';
	}
}
