/**
 * What a document liveness check takes: a record ID to read one, and to create one the
 * photo of the document, the checks to run and their calibrations as Verifik names them.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readInputBinary, type InputFile } from '@idv-documents/shared/files/binaryData';
import { sniffMimeType } from '@idv-documents/shared/files/fileTypes';

const RECORD_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A record's _id, trimmed, or an error saying what to enter. */
export function checkDocumentLivenessId(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
): string {
	const id = String(raw ?? '').trim();
	// "." and ".." pass encodeURIComponent and URL parsing resolves them: the request would go to another path.
	if (!RECORD_ID.test(id) || /^\.+$/.test(id)) {
		throw new NodeOperationError(
			context.getNode(),
			id ? `Document liveness ID "${id}" is not a valid ID` : 'Document liveness ID is empty',
			{
				itemIndex,
				description:
					'Enter the record\'s _id (letters, digits, "_", "-", "." or ":", not dots alone), e.g. {{ $json._id }} from a previous Verifik node.',
			},
		);
	}
	return id;
}

/** The Checks parameter's values and the request fields that switch them on. */
const CHECKS = {
	screenReplay: 'validateScreenReplay',
	printedCopy: 'validatePrintedCopy',
	portraitSubstitution: 'validatePortraitSubstitution',
	digitalManipulation: 'validateDigitalManipulation',
} as const;

const CALIBRATIONS = [
	'screenReplayCalibration',
	'printedCopyCalibration',
	'portraitSubstitutionCalibration',
];

/** The checks to run; none is an error before any file is read. */
export function requireChecks(
	context: IExecuteFunctions,
	checks: string[],
	itemIndex: number,
): void {
	if (!checks.length) {
		throw new NodeOperationError(context.getNode(), 'No checks are selected', {
			itemIndex,
			description:
				'Pick at least one of Screen Replay, Printed Copy, Portrait Substitution or Digital Manipulation.',
		});
	}
}

/** The photo in the item's binary property, refused before any request unless its bytes are an image. */
export async function readDocumentImage(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<InputFile> {
	const file = await readInputBinary(context, itemIndex, property);
	const sniffed = sniffMimeType(file.content);
	if (!sniffed?.startsWith('image/')) {
		throw new NodeOperationError(
			context.getNode(),
			`The file in binary property "${property}" of item ${itemIndex} is not an image`,
			{
				itemIndex,
				description: `"${file.metadata.fileName ?? 'unnamed'}" looks like ${sniffed ?? file.metadata.mimeType ?? 'unknown data'}. Document liveness needs a JPEG or PNG photo of the document.`,
			},
		);
	}
	return file;
}

/** The create request's body: the image, each check on or off, the calibrations and flags from the options. */
export function buildCreateBody(
	imageBase64: string,
	checks: string[],
	options: IDataObject,
): IDataObject {
	const body: IDataObject = { image: imageBase64 };
	for (const [check, field] of Object.entries(CHECKS)) body[field] = checks.includes(check);
	for (const calibration of CALIBRATIONS) {
		body[calibration] = (options[calibration] as string) || 'REGULAR';
	}
	body.ignoreDocumentCroppedValidation = options.ignoreDocumentCroppedValidation === true;
	body.ignoreColourLessValidation = options.ignoreColourLessValidation === true;
	body.saveImage = options.saveImage === true;
	return body;
}
