import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem } from '../shared/items';
import { sharedConnection, type ConnectedService, type ServiceCredentials } from '../shared/transport';
import { runControlFrom } from './requestOptions';

export type OperationExecute = (this: IExecuteFunctions, service: ConnectedService, itemIndex: number) => Promise<INodeExecutionData[]>;

/**
 * Runs one operation over every input item the way all nodes of this package do: the
 * run's Concurrency, pace and Timeout from the first item's options, one connection to
 * the service, and the per-item loop (pairing, continue on error, output order).
 */
export async function runOperation(
	context: IExecuteFunctions,
	credentials: ServiceCredentials,
	execute: OperationExecute,
): Promise<INodeExecutionData[][]> {
	const control = runControlFrom(context.getNodeParameter('options', 0, {}) as IDataObject);
	const connection = sharedConnection(context, credentials, control);
	return [
		await runPerItem(context, async (itemIndex) => await execute.call(context, await connection(), itemIndex), {
			concurrency: control.itemsAtOnce,
		}),
	];
}
