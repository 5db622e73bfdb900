/**
 * The files of an evaluation's documents archive as output items, in each Output shape:
 * one item per file, all files in one item, the ZIP as it came, or (as an AI Agent's
 * tool) a JSON summary. Files are inflated one at a time and stored before the next.
 */
import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { storeBinary, type BinaryContent } from '@idv-documents/shared/files/binaryData';
import { detectMimeType, safeFileName } from '@idv-documents/shared/files/fileTypes';
import {
	listZipEntries,
	readZipFiles,
	ZipTail,
	type ZipEntry,
	type ZipLimits,
} from '@idv-documents/shared/files/zip';
import type { BodyStream } from '@idv-documents/shared/http/bodyStream';
import { redactSecrets } from '@idv-documents/shared/http/errors';
import {
	createPropertyNamer,
	documentRole,
	unit21MediaTypeFor,
	type DocumentRole,
} from './documentRoles';

interface DocumentFile {
	path: string;
	fileName: string;
	role: DocumentRole;
	unit21MediaType?: string;
	size: number;
	mimeType: string;
}

/** How an archive is read: its limits, and the credential's secrets, masked in entry names (the server wrote them). */
export interface ArchiveReading {
	limits: ZipLimits;
	secrets: readonly string[];
}

function describeFile(
	entryPath: string,
	content: Buffer,
	secrets: readonly string[],
): DocumentFile {
	const path = redactSecrets(entryPath, secrets);
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

/**
 * As an AI Agent's tool: what the archive holds, as JSON a model can reason about (file
 * names, roles, sizes, MIME types), whatever the Output setting. Nothing is stored: the
 * files could not reach the model anyway.
 */
export async function toolSummary(
	evaluationId: string,
	archive: Buffer,
	{ limits, secrets }: ArchiveReading,
): Promise<INodeExecutionData> {
	const files: IDataObject[] = [];
	for await (const { entry, content } of readZipFiles(archive, limits))
		files.push({ ...describeFile(entry.path, content, secrets) });
	return { json: { evaluationId, documentsFound: true, fileCount: files.length, files } };
}

export async function filePerItem(
	context: IExecuteFunctions,
	evaluationId: string,
	archive: Buffer,
	{ limits, secrets }: ArchiveReading,
	binaryPropertyName: string,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	// One entry inflated at a time, handed to n8n's binary store before the next.
	for await (const { entry, content } of readZipFiles(archive, limits)) {
		const file = describeFile(entry.path, content, secrets);
		const binary = await storeBinary(context, content, file.fileName, file.mimeType);
		items.push({ json: { evaluationId, ...file }, binary: { [binaryPropertyName]: binary } });
	}
	return items;
}

export async function filesInOneItem(
	context: IExecuteFunctions,
	evaluationId: string,
	archive: Buffer,
	{ limits, secrets }: ArchiveReading,
): Promise<INodeExecutionData> {
	const propertyFor = createPropertyNamer();
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	for await (const { entry, content } of readZipFiles(archive, limits)) {
		const file = describeFile(entry.path, content, secrets);
		const property = propertyFor(file.role);
		binary[property] = await storeBinary(context, content, file.fileName, file.mimeType);
		files.push({ property, ...file });
	}
	return { json: { evaluationId, files }, binary };
}

/** The ZIP Archive output's name: Socure's (from Content-Disposition), else `{evaluationId}_document.zip`. */
export function zipFileName(evaluationId: string, sentName: string | undefined): string {
	return safeFileName(sentName ?? '', `${evaluationId}_document.zip`);
}

/** What the ZIP Archive output lists, from the central directory: lets tools see the files without unzipping. */
function listedFiles(entries: ZipEntry[], secrets: readonly string[]): IDataObject[] {
	return entries
		.filter((entry) => !entry.isDirectory)
		.map((entry) => {
			const path = redactSecrets(entry.path, secrets);
			const role = documentRole(path);
			const unit21MediaType = unit21MediaTypeFor(role);
			return {
				path,
				fileName: safeFileName(path),
				role,
				...(unit21MediaType ? { unit21MediaType } : {}),
				size: entry.uncompressedSize,
			};
		});
}

export async function zipItem(
	context: IExecuteFunctions,
	evaluationId: string,
	download: { archive: Buffer; contentDispositionFileName?: string },
	{ limits, secrets }: ArchiveReading,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	// Listing validates the archive before it is stored.
	const files = listedFiles(listZipEntries(download.archive, limits), secrets);
	const fileName = zipFileName(evaluationId, download.contentDispositionFileName);
	const binary = await storeBinary(context, download.archive, fileName, 'application/zip');
	return {
		json: { evaluationId, fileName, size: download.archive.length, files },
		binary: { [binaryPropertyName]: binary },
	};
}

/** An archive streamed into n8n's store: its binary, its size, and its end for the listing. */
export interface StoredZip {
	binary: IBinaryData;
	size: number;
	tail: ZipTail;
}

/**
 * Streams the archive into n8n's store (on disk) as it downloads, keeping only its end,
 * where the central directory is: the archive is never held whole.
 */
export async function storeZipStream(
	context: IExecuteFunctions,
	archive: BodyStream,
	fileName: string,
): Promise<StoredZip> {
	const tail = new ZipTail();
	archive.watch((chunk) => tail.add(chunk));
	const binary = await storeBinary(
		context,
		archive.readable as BinaryContent,
		fileName,
		'application/zip',
	);
	return { binary, size: archive.bytes(), tail };
}

/** The ZIP Archive output of a streamed archive, listed (and so validated) from its end. */
export function storedZipItem(
	evaluationId: string,
	stored: StoredZip,
	{ limits, secrets }: ArchiveReading,
	binaryPropertyName: string,
): INodeExecutionData {
	const files = listedFiles(stored.tail.entries(limits), secrets);
	return {
		json: { evaluationId, fileName: stored.binary.fileName, size: stored.size, files },
		binary: { [binaryPropertyName]: stored.binary },
	};
}
