/**
 * Binary in and out, only through n8n's helpers, so that it works whichever
 * binary data mode (memory, filesystem, database, S3) the instance runs.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fileExtension } from './fileTypes';
import type { BinaryContext } from '../http/service';

/** What n8n's store accepts: bytes, or a Node stream (written to disk as it arrives in filesystem mode). */
export type BinaryContent = Parameters<BinaryContext['helpers']['prepareBinaryData']>[0];

/** Stores bytes (or a stream) as n8n binary data, keeping the extension the file name carries. */
export async function storeBinary(
	context: BinaryContext,
	content: BinaryContent,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	const binary = await context.helpers.prepareBinaryData(content, fileName, mimeType);
	binary.fileName = fileName;
	binary.mimeType = mimeType;
	const extension = fileExtension(fileName);
	if (extension) binary.fileExtension = extension;
	return binary;
}

/** Per node run (its context): whether n8n keeps binary data on disk. */
const diskModes = new WeakMap<BinaryContext, Promise<boolean>>();

/**
 * Whether n8n stores binary data on disk (filesystem mode), where a stream handed to
 * `prepareBinaryData` goes straight to a file; in memory, database and S3 modes n8n reads
 * a stream whole first. n8n tells a node its mode only through what it stores, so an empty
 * file is stored once per node run and its reference read (`filesystem…:` ids).
 */
export async function storesOnDisk(context: BinaryContext): Promise<boolean> {
	let known = diskModes.get(context);
	if (!known) {
		known = context.helpers
			.prepareBinaryData(Buffer.alloc(0), 'binary-mode-probe', 'application/octet-stream')
			.then((probe) => typeof probe.id === 'string' && probe.id.startsWith('filesystem'))
			.catch(() => false);
		diskModes.set(context, known);
	}
	return await known;
}

export interface InputFile {
	property: string;
	metadata: IBinaryData;
	content: Buffer;
}

/** Reads one binary property of an input item, or fails naming the property and what exists. */
export async function readInputBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<InputFile> {
	const item = context.getInputData()[itemIndex];
	const available = Object.keys(item?.binary ?? {});
	if (!item?.binary?.[property]) {
		throw new NodeOperationError(
			context.getNode(),
			`Input item ${itemIndex} has no binary property "${property}"`,
			{
				itemIndex,
				description: available.length
					? `Its binary properties are: ${available.join(', ')}. Enter one of them in the binary property field.`
					: 'It has no binary data at all. Connect a node that outputs a file (e.g. Socure RiskOS or Read/Write Files from Disk) before this one.',
			},
		);
	}
	const metadata = context.helpers.assertBinaryData(itemIndex, property);
	const content = await context.helpers.getBinaryDataBuffer(itemIndex, property);
	return { property, metadata, content };
}

/**
 * The binary properties a selector names: `*` for every property the item has (in its
 * order), otherwise a comma-separated list, trimmed, each name once; '' names none.
 */
export function selectBinaryProperties(selector: string, available: string[]): string[] {
	const trimmed = selector.trim();
	if (trimmed === '*') return [...available];
	return [
		...new Set(
			trimmed
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean),
		),
	];
}
