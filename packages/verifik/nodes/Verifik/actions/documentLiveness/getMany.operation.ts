import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { MAX_PAGE_SIZE, verifikRequest } from '../../transport';
import { readOptions, recordToItem } from '../../records';

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

export const description = updateDisplayOptions(
	{ show: { resource: ['documentLiveness'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = item;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? Infinity
		: Math.max(1, Math.floor(this.getNodeParameter('limit', itemIndex, 50) as number));
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;
	const baseQuery: IDataObject = {};
	if (filters.status) baseQuery.status = filters.status;
	if (Array.isArray(filters.populates) && filters.populates.length)
		baseQuery['populates[]'] = filters.populates;

	const records = await fetchPages(item, baseQuery, limit);
	const items: INodeExecutionData[] = [];
	for (const record of records) items.push(await recordToItem(item, record, options));
	return items;
}

/** Return All stops here: 100,000 records (pages of 100), far more than one run should turn into items. */
export const MAX_PAGES = 1000;

function recordKey(record: IDataObject): string {
	return typeof record._id === 'string' ? record._id : JSON.stringify(record);
}

/**
 * Pages of one fixed size (so page N is always records N×size+1…), each record once:
 * a page that brings nothing new ends the walk (a server that ignores `page`), as do
 * a short page, the announced page count, or MAX_PAGES. The records are bounded, not
 * only the pages: a page larger than asked for is refused unless the Limit is met within
 * it (its first records are then the ones asked for), so Return All never holds more
 * than MAX_PAGES × MAX_PAGE_SIZE records.
 */
async function fetchPages(
	item: ItemScope<IExecuteFunctions>,
	baseQuery: IDataObject,
	limit: number,
): Promise<IDataObject[]> {
	const { context, itemIndex } = item;
	const pageSize = Math.min(MAX_PAGE_SIZE, limit);
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	for (let page = 1; records.length < limit; page++) {
		if (page > MAX_PAGES) {
			throw new NodeOperationError(
				context.getNode(),
				`Verifik still had records after ${MAX_PAGES} pages (${records.length} records)`,
				{
					itemIndex,
					description:
						'Narrow the list with the Status filter, or turn off Return All and set a Limit.',
				},
			);
		}
		const envelope = await verifikRequest(item, {
			method: 'GET',
			path: '/v2/document-liveness',
			qs: { ...baseQuery, page, limit: pageSize },
		});
		const data = Array.isArray(envelope.data) ? (envelope.data as IDataObject[]) : [];
		if (data.length > pageSize && records.length + data.length < limit) {
			throw new NodeOperationError(
				context.getNode(),
				`Verifik sent ${data.length} records on page ${page}, more than the ${pageSize} asked for`,
				{
					itemIndex,
					description: `Verifik pages hold at most ${MAX_PAGE_SIZE} records: this answer does not come from Verifik's list endpoint as documented. Check the credential's environment or Base URL.`,
				},
			);
		}
		let added = 0;
		// One by one, not push(...data): a large page would overflow the call stack.
		for (const record of data) {
			if (records.length >= limit) break;
			const key = recordKey(record);
			if (seen.has(key)) continue;
			seen.add(key);
			records.push(record);
			added++;
		}
		const pages = Number((envelope.pagination as IDataObject | undefined)?.pages);
		const lastPage = Number.isFinite(pages) ? page >= pages : data.length < pageSize;
		if (added === 0 || lastPage) break;
	}
	return records;
}
