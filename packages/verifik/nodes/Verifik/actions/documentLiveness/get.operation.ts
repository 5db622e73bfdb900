import type { INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { checkDocumentLivenessId } from '../../documentLiveness';
import { readOptions, recordToItem } from '../../records';
import { getDocumentLiveness } from '../../transport';

export const option = {
	name: 'Get',
	action: 'Get a document liveness check',
	description: 'Retrieve one document liveness check by its ID',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Document Liveness ID',
		name: 'documentLivenessId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '65f1c2e4a9b8c7d6e5f4a3b2',
		description: 'The _id of the document liveness record',
		hint: 'The _id a Create or Get Many operation returned, e.g. {{ $json._id }}',
	},
	readOptions,
];

export const description = operationProperties('documentLiveness', 'get', properties);

export const execute: OperationExecute = async function (item) {
	const id = checkDocumentLivenessId(
		this,
		this.getNodeParameter('documentLivenessId', item.itemIndex, ''),
		item.itemIndex,
	);
	const options = optionsOf(this, item.itemIndex);
	const record = await getDocumentLiveness(item, id);
	return [await recordToItem(item, record, options)];
};
