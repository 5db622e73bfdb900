import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryPolicyFrom } from '../../../common/requestOptions';
import type { ConnectedService } from '../../../shared/transport';
import { verifikRequest } from '../../transport';
import { readOptions, recordToItem } from './downloadImage';

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
	if (!RECORD_ID.test(id)) {
		throw new NodeOperationError(
			context.getNode(),
			id ? `Document liveness ID "${id}" is not a valid ID` : 'Document liveness ID is empty',
			{
				itemIndex,
				description: 'Enter the record\'s _id (letters, digits, "_", "-", "." or ":"), e.g. {{ $json._id }} from a previous Verifik node.',
			},
		);
	}
	return id;
}

export async function execute(
	this: IExecuteFunctions,
	service: ConnectedService,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readDocumentLivenessId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const retryPolicy = retryPolicyFrom(options.maxRetries);
	const envelope = await verifikRequest(
		this,
		service,
		{ method: 'GET', path: `/v2/document-liveness/${encodeURIComponent(id)}`, subject: id },
		itemIndex,
		retryPolicy,
	);
	const record = (envelope.data ?? {}) as IDataObject;
	return [await recordToItem(this, record, options, itemIndex, service, retryPolicy)];
}
