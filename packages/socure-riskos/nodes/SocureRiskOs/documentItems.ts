/**
 * The files of an evaluation's documents archive as output items, in each Output shape:
 * one item per file, all files in one item, the ZIP as it came, or (as an AI Agent's
 * tool) a JSON summary. Files are inflated one at a time and stored before the next.
 */
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { storeBinary } from '@idv-documents/shared/files/binaryData';
import { detectMimeType, safeFileName } from '@idv-documents/shared/files/fileTypes';
import { listZipEntries, readZipFiles, type ZipLimits } from '@idv-documents/shared/files/zip';
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

export async function zipItem(
	context: IExecuteFunctions,
	evaluationId: string,
	download: { archive: Buffer; contentDispositionFileName?: string },
	{ limits, secrets }: ArchiveReading,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	// Listing validates the archive and lets tools see what it holds without unzipping.
	const files = listZipEntries(download.archive, limits)
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
