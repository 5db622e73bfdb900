import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import { sniffMimeType } from '@idv-documents/shared/files/fileTypes';
import { readInputBinary } from '@idv-documents/shared/files/binaryData';
import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { verifikRequest } from '../../transport';
import { downloadImageOptions, recordToItem } from '../../records';

const CALIBRATIONS = [
	{ name: 'Soft', value: 'SOFT', description: 'Fewer false alarms, more missed attacks' },
	{ name: 'Regular', value: 'REGULAR', description: "Verifik's default balance" },
	{ name: 'Hard', value: 'HARD', description: 'Catches more attacks, more false alarms' },
];

const CHECKS = {
	screenReplay: 'validateScreenReplay',
	printedCopy: 'validatePrintedCopy',
	portraitSubstitution: 'validatePortraitSubstitution',
	digitalManipulation: 'validateDigitalManipulation',
} as const;

export const option = {
	name: 'Create',
	action: 'Check a document image for liveness',
	description: 'Run document liveness checks on an image from a binary property',
};

const optionsField = optionsCollection([
	...downloadImageOptions,
	resendWhenUnsureOption,
	{
		displayName: 'Ignore Colourless Validation',
		name: 'ignoreColourLessValidation',
		type: 'boolean',
		default: false,
		description: 'Whether to accept black-and-white images',
	},
	{
		displayName: 'Ignore Document Cropped Validation',
		name: 'ignoreDocumentCroppedValidation',
		type: 'boolean',
		default: false,
		description: 'Whether to accept images where the document is cut off',
	},
	{
		displayName: 'Keep Input Image',
		name: 'keepInputImage',
		type: 'boolean',
		default: true,
		description:
			'Whether the output item carries the checked image in the same binary property, so the next node (e.g. Unit21) attaches the very file Verifik checked. Download Image, if on and writing to the same property, replaces it.',
	},
	{
		displayName: 'Portrait Substitution Calibration',
		name: 'portraitSubstitutionCalibration',
		type: 'options',
		default: 'REGULAR',
		options: CALIBRATIONS,
	},
	{
		displayName: 'Printed Copy Calibration',
		name: 'printedCopyCalibration',
		type: 'options',
		default: 'REGULAR',
		options: CALIBRATIONS,
	},
	{
		displayName: 'Save Image',
		name: 'saveImage',
		type: 'boolean',
		default: false,
		description:
			'Whether Verifik keeps the image and returns an imageUrl (needed for Download Image)',
	},
	{
		displayName: 'Screen Replay Calibration',
		name: 'screenReplayCalibration',
		type: 'options',
		default: 'REGULAR',
		options: CALIBRATIONS,
	},
]);

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'The binary property holding the photo of the document to check',
		hint: 'The field an upstream node put the image in, e.g. "data" or "documentFront" from Socure RiskOS',
	},
	{
		displayName: 'Checks',
		name: 'checks',
		type: 'multiOptions',
		default: ['screenReplay', 'printedCopy', 'portraitSubstitution', 'digitalManipulation'],
		description: 'Which presentation attacks to look for',
		options: [
			{
				name: 'Digital Manipulation',
				value: 'digitalManipulation',
				description: 'Edited pixels, pasted text or photos',
			},
			{
				name: 'Portrait Substitution',
				value: 'portraitSubstitution',
				description: 'A replaced ID photo',
			},
			{ name: 'Printed Copy', value: 'printedCopy', description: 'A photo of a printout' },
			{ name: 'Screen Replay', value: 'screenReplay', description: 'A photo of a screen' },
		],
	},
	optionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['documentLiveness'], operation: ['create'] } },
	properties,
);

export function buildCreateBody(
	imageBase64: string,
	checks: string[],
	options: IDataObject,
): IDataObject {
	const body: IDataObject = { image: imageBase64 };
	for (const [check, field] of Object.entries(CHECKS)) body[field] = checks.includes(check);
	for (const calibration of [
		'screenReplayCalibration',
		'printedCopyCalibration',
		'portraitSubstitutionCalibration',
	]) {
		body[calibration] = (options[calibration] as string) || 'REGULAR';
	}
	body.ignoreDocumentCroppedValidation = options.ignoreDocumentCroppedValidation === true;
	body.ignoreColourLessValidation = options.ignoreColourLessValidation === true;
	body.saveImage = options.saveImage === true;
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = item;
	const property =
		String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const checks = this.getNodeParameter('checks', itemIndex, []) as string[];
	const options = this.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;
	if (!checks.length) {
		throw new NodeOperationError(this.getNode(), 'No checks are selected', {
			itemIndex,
			description:
				'Pick at least one of Screen Replay, Printed Copy, Portrait Substitution or Digital Manipulation.',
		});
	}
	const file = await readInputBinary(this, itemIndex, property);
	const sniffed = sniffMimeType(file.content);
	if (!sniffed?.startsWith('image/')) {
		throw new NodeOperationError(
			this.getNode(),
			`The file in binary property "${property}" of item ${itemIndex} is not an image`,
			{
				itemIndex,
				description: `"${file.metadata.fileName ?? 'unnamed'}" looks like ${sniffed ?? file.metadata.mimeType ?? 'unknown data'}. Document liveness needs a JPEG or PNG photo of the document.`,
			},
		);
	}
	const envelope = await verifikRequest(item, {
		method: 'POST',
		path: '/v2/document-liveness',
		body: buildCreateBody(file.content.toString('base64'), checks, options),
		subject: property,
		changes: {
			ifUnsure:
				'Look for the record with Get Many (status, newest first) before running the node again, or the check may be created twice.',
			resendWhenUnsure: readResendWhenUnsure(options),
		},
	});
	const record = (envelope.data ?? {}) as IDataObject;
	const output = await recordToItem(item, record, options);
	if (options.keepInputImage !== false) {
		// The stored file's reference, passed on as n8n passes binaries between nodes: no copy.
		output.binary = { [property]: file.metadata, ...output.binary };
	}
	return [output];
}

/** A created check for the error of a stopped run: its ID, to find it again in Verifik. */
export function describeDone(outputs: INodeExecutionData[]): string | undefined {
	const id = outputs[0]?.json._id;
	return id === undefined || id === null ? undefined : `document liveness ${String(id)}`;
}
