import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
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

export const description = updateDisplayOptions(
	{ show: { resource: ['documentLiveness'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const id = checkDocumentLivenessId(
		this,
		this.getNodeParameter('documentLivenessId', item.itemIndex, ''),
		item.itemIndex,
	);
	const options = this.getNodeParameter(OPTIONS_COLLECTION, item.itemIndex, {}) as IDataObject;
	const record = await getDocumentLiveness(item, id);
	return [await recordToItem(item, record, options)];
}
