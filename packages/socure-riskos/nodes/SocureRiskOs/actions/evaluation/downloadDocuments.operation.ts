import type { INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import { optionsCollection } from '@idv-documents/shared/descriptions/requestControl';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { downloadDocuments, downloadLimitOptions } from '../../documents';
import { apiVersionOption, evaluationIdField, readEvaluationId } from './fields';

export const option = {
	name: 'Download Documents',
	action: 'Download evaluation documents',
	description: 'Download the ID front, back, selfie and reviewer attachments of an evaluation',
};

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

export const description = operationProperties('evaluation', 'downloadDocuments', properties);

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	return await downloadDocuments(item, {
		evaluationId: readEvaluationId(this, itemIndex),
		output: this.getNodeParameter('output', itemIndex, 'filePerItem') as string,
		binaryPropertyName:
			(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim() || 'data',
		options: optionsOf(this, itemIndex),
	});
};
