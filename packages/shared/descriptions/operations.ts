/**
 * The UI half of an operation's registration: each operation file exports its entry
 * in the Operation dropdown beside its parameters and execute; a resource's index
 * builds the dropdown from its operation map, so a value cannot differ from the key
 * the router looks up.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { RoutedOperation } from '../run/router';

export interface OperationModule extends RoutedOperation {
	/** The operation's entry in the Operation dropdown; `action` is the canvas title. */
	option: { name: string; action: string; description: string };
	/** The operation's parameters, shown for its resource and operation. */
	description: INodeProperties[];
}

/** The Operation selector of one resource, then every operation's parameters. */
export function resourceProperties(
	resource: string,
	operations: Record<string, OperationModule>,
	defaultOperation: string,
): INodeProperties[] {
	const options: INodePropertyOptions[] = Object.entries(operations)
		.map(([value, operation]) => ({ ...operation.option, value }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options,
			default: defaultOperation,
		},
		...Object.values(operations).flatMap((operation) => operation.description),
	];
}
