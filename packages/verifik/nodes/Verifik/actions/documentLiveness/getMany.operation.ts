import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { readOptions, recordToItem } from '../../records';
import { listDocumentLiveness } from '../../transport';

export const option = {
	name: 'Get Many',
	action: 'Get many document liveness checks',
	description: 'List document liveness checks, optionally filtered by status',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Populate',
				name: 'populates',
				type: 'multiOptions',
				default: [],
				description: 'Related records to embed instead of their IDs (sent as populates[])',
				options: [
					{ name: 'App Registration', value: 'appRegistration' },
					{ name: 'Client', value: 'client' },
				],
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'completed',
				options: [
					{ name: 'Completed', value: 'completed' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'New', value: 'new' },
					{ name: 'Processing', value: 'processing' },
				],
			},
		],
	},
	readOptions,
];

export const description = operationProperties('documentLiveness', 'getMany', properties);

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? Infinity
		: Math.max(1, Math.floor(this.getNodeParameter('limit', itemIndex, 50) as number));
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = optionsOf(this, itemIndex);
	const baseQuery: IDataObject = {};
	if (filters.status) baseQuery.status = filters.status;
	if (Array.isArray(filters.populates) && filters.populates.length)
		baseQuery['populates[]'] = filters.populates;

	const records = await listDocumentLiveness(item, baseQuery, limit);
	const items: INodeExecutionData[] = [];
	for (const record of records) items.push(await recordToItem(item, record, options));
	return items;
};
