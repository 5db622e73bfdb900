import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { verifikRequest } from '../../transport';
import { readOptions, recordToItem } from '../../records';

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

const RECORD_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function readDocumentLivenessId(context: IExecuteFunctions, itemIndex: number): string {
	const id = String(context.getNodeParameter('documentLivenessId', itemIndex, '') ?? '').trim();
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

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const id = readDocumentLivenessId(this, item.itemIndex);
	const options = this.getNodeParameter(OPTIONS_COLLECTION, item.itemIndex, {}) as IDataObject;
	const envelope = await verifikRequest(item, {
		method: 'GET',
		path: `/v2/document-liveness/${encodeURIComponent(id)}`,
		subject: id,
	});
	const record = (envelope.data ?? {}) as IDataObject;
	return [await recordToItem(item, record, options)];
}
