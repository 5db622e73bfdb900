import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import { readInputBinary } from '@idv-documents/shared/files/binaryData';
import { safeFileName } from '@idv-documents/shared/files/fileTypes';
import { encodeMultipart } from '@idv-documents/shared/files/multipart';
import type { DescribeDone } from '@idv-documents/shared/run/perItem';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { csvHeader, FEEDBACK_CSV_COLUMNS, missingFeedbackColumns } from '../../feedback';
import { importFeedback } from '../../transport';
import { sendAndOutput } from '../../writeBack';
import { apiVersionOption } from '../evaluation/fields';

export const option = {
	name: 'Import CSV',
	action: 'Import fraud feedback from a CSV file',
	description: 'Upload many feedback records at once from a CSV in a binary property',
};

const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	description: `The binary property holding the CSV. Its header row must name every column: ${FEEDBACK_CSV_COLUMNS.join(', ')} (values may be empty).`,
	hint: 'E.g. from Read/Write Files from Disk, or Convert to File (CSV) after building the rows',
};

const properties: INodeProperties[] = [
	binaryPropertyField,
	optionsCollection([apiVersionOption, resendWhenUnsureOption]),
];

export const description = operationProperties('feedback', 'importCsv', properties);

function csvProperty(context: IExecuteFunctions, itemIndex: number): string {
	return (
		String(context.getNodeParameter(binaryPropertyField.name, itemIndex, 'data') ?? '').trim() ||
		'data'
	);
}

/** The name the CSV is sent (and named in errors) under. */
function csvFileName(original: string | undefined): string {
	return safeFileName(original ?? '', 'feedback.csv');
}

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const property = csvProperty(this, itemIndex);
	const options = optionsOf(this, itemIndex);
	const { content, metadata } = await readInputBinary(this, itemIndex, property);
	const fileName = csvFileName(metadata.fileName);
	const header = csvHeader(content);
	const missing = missingFeedbackColumns(header);
	if (missing.length) {
		throw new NodeOperationError(
			this.getNode(),
			header.length
				? `The CSV "${fileName}" (binary property "${property}" of item ${itemIndex}) lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
				: `The CSV "${fileName}" (binary property "${property}" of item ${itemIndex}) is empty`,
			{
				itemIndex,
				description: `RiskOS imports feedback only from a CSV whose header row names every column: ${FEEDBACK_CSV_COLUMNS.join(', ')} (values may be empty). ${header.length ? `This header row has: ${header.join(', ').slice(0, 300)}. ` : ''}Nothing was sent.`,
			},
		);
	}
	const { body, contentType } = encodeMultipart([
		{ name: 'file', content, fileName, contentType: 'text/csv' },
	]);
	return await sendAndOutput(item, importFeedback, { body, contentType, fileName }, options);
};

/**
 * An imported CSV for the error of a stopped run: 'feedback CSV "rows.csv"', with what
 * RiskOS said of it (e.g. how many records it imported).
 */
export const describeDone: DescribeDone = (outputs, { context, itemIndex }) => {
	const property = csvProperty(context, itemIndex);
	const file = context.getInputData()[itemIndex]?.binary?.[property];
	const said = outputs[0]?.json.message;
	return `feedback CSV "${csvFileName(file?.fileName)}"${typeof said === 'string' && said ? `: ${said}` : ''}`;
};
