/**
 * One router for every node: looks the selected resource and operation up in the
 * node's typed operation map, and runs the operation over the input items the way all
 * nodes of this package do (the run's Concurrency, pace and Timeout from the first
 * item's options, one connection to the service, the per-item loop with pairing and
 * continue on error). Each item's work gets one ItemScope carrying what its requests need.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem, type DescribeDone, type RunOptions } from './perItem';
import { optionsOf, REQUEST_CONTROL, retryPolicyFrom, runControlFrom } from './runControl';
import type { ServiceDefinition } from '../http/service';
import { sharedConnection, type ItemScope, type ServiceConnection } from '../http/connection';
import { redactSecrets } from '../http/errors';

/** One operation's work for one input item; `this` is the node's execute context. */
export type OperationExecute = (
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
) => Promise<INodeExecutionData[]>;

export interface RoutedOperation {
	execute: OperationExecute;
	/** What a finished item did, for the error of a run a failure stopped (e.g. the ID it created). */
	describeDone?: DescribeDone;
}

/** A node's operations by resource, then by operation name: the one place the router looks them up. */
export type NodeOperations = Record<string, Record<string, RoutedOperation>>;

/** The operation registered for a resource and operation name, or undefined (own keys only). */
export function findOperation<T extends NodeOperations>(
	operations: T,
	selected: { resource: string; operation: string },
): RoutedOperation | undefined {
	if (!Object.prototype.hasOwnProperty.call(operations, selected.resource)) return undefined;
	const byName = operations[selected.resource];
	if (!Object.prototype.hasOwnProperty.call(byName, selected.operation)) return undefined;
	return byName[selected.operation];
}

/** Runs the selected operation of a node whose resource and operation are parameters. */
export async function route<T extends NodeOperations>(
	context: IExecuteFunctions,
	operations: T,
	service: ServiceDefinition,
): Promise<INodeExecutionData[][]> {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const selected = findOperation(operations, { resource, operation });
	if (!selected) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
			{
				description:
					'The workflow may come from a newer version of this package: update the package or pick another operation.',
			},
		);
	}
	return await runOperation(context, service, selected.execute, {
		describeDone: selected.describeDone,
	});
}

/**
 * The per-item loop with the run's connection; each item gets its own ItemScope. Without
 * "continue on error" an item's requests first ask the run's stop whether it may begin.
 */
export async function runOperation(
	context: IExecuteFunctions,
	service: ServiceDefinition,
	execute: OperationExecute,
	{ errorItemFields, describeDone }: Pick<RunOptions, 'errorItemFields' | 'describeDone'> = {},
): Promise<INodeExecutionData[][]> {
	const control = runControlFrom(optionsOf(context, 0));
	const connect = sharedConnection(context, service, {
		maxRequestsInFlight: control.requestsInFlight,
		requestsPerSecond: control.requestsPerSecond,
		timeoutMs: control.timeoutMs,
	});
	let connected: ServiceConnection | undefined;
	const nodeVersion = context.getNode().typeVersion;
	return [
		await runPerItem(
			context,
			async (itemIndex, stop) => {
				connected = await connect();
				const item: ItemScope<IExecuteFunctions> = {
					context,
					connection: connected,
					itemIndex,
					// Max Retries may differ per item (an expression); pace and Timeout are per run.
					retryPolicy: retryPolicyFrom(optionsOf(context, itemIndex)[REQUEST_CONTROL.maxRetries]),
					nodeVersion,
					...(stop ? { admission: stop.admissionOf(itemIndex) } : {}),
				};
				return await execute.call(context, item);
			},
			{
				itemsAtOnce: control.itemsAtOnce,
				errorItemFields,
				describeDone,
				// What the other items did may quote their data: no secret of the credential in it.
				redact: (text) => redactSecrets(text, connected?.secrets ?? []),
			},
		),
	];
}
