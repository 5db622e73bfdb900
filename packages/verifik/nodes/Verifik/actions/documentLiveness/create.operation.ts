import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { buildCreateBody, readDocumentImage, requireChecks } from '../../documentLiveness';
import { downloadImageOptions, recordToItem } from '../../records';
import { createDocumentLiveness } from '../../transport';

const CALIBRATIONS = [
	{ name: 'Soft', value: 'SOFT', description: 'Fewer false alarms, more missed attacks' },
	{ name: 'Regular', value: 'REGULAR', description: "Verifik's default balance" },
	{ name: 'Hard', value: 'HARD', description: 'Catches more attacks, more false alarms' },
];

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

export const description = operationProperties('documentLiveness', 'create', properties);

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const property =
		String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const checks = this.getNodeParameter('checks', itemIndex, []) as string[];
	const options = optionsOf(this, itemIndex);
	requireChecks(this, checks, itemIndex);
	const file = await readDocumentImage(this, itemIndex, property);
	const record = await createDocumentLiveness(
		item,
		buildCreateBody(file.content.toString('base64'), checks, options),
		{ subject: property, resendWhenUnsure: readResendWhenUnsure(options) },
	);
	const output = await recordToItem(item, record, options);
	if (options.keepInputImage !== false) {
		// The stored file's reference, passed on as n8n passes binaries between nodes: no copy.
		output.binary = { [property]: file.metadata, ...output.binary };
	}
	return [output];
};

/** A created check for the error of a stopped run: its ID, to find it again in Verifik. */
export function describeDone(outputs: INodeExecutionData[]): string | undefined {
	const id = outputs[0]?.json._id;
	return id === undefined || id === null ? undefined : `document liveness ${String(id)}`;
}
