/**
 * The UI half of an operation's registration: each operation file exports its entry
 * in the Operation dropdown beside its parameters and execute; a resource's index
 * builds the dropdown from its operation map, so a value cannot differ from the key
 * the router looks up.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RoutedOperation } from '../run/router';

/** An operation's entry in the Operation dropdown; `action` is the canvas title. */
export interface OperationOption {
	name: string;
	action: string;
	description: string;
}

export interface OperationModule extends RoutedOperation {
	/** Its entry in the dropdown; a function of the resource when several resources share the operation and the words name it. */
	option: OperationOption | ((resource: string) => OperationOption);
	/** The operation's parameters, shown for its resource(s) and operation. */
	description: INodeProperties[];
}

/**
 * The Operation selector of a resource, then every operation's parameters. Resources
 * that offer the same operations (Unit21's object types) get one selector each, so
 * each can word its actions, and the parameters once.
 */
export function resourceProperties(
	resources: string | readonly string[],
	operations: Record<string, OperationModule>,
	defaultOperation: string,
): INodeProperties[] {
	return [
		...operationSelectors(resources, operations, defaultOperation),
		...Object.values(operations).flatMap((operation) => operation.description),
	];
}

/**
 * Only the Operation selector of each resource: for a resource that adds operations to
 * ones another registration already describes (their parameters must appear once).
 */
export function operationSelectors(
	resources: string | readonly string[],
	operations: Record<string, OperationModule>,
	defaultOperation: string,
): INodeProperties[] {
	return (typeof resources === 'string' ? [resources] : resources).map(
		(resource): INodeProperties => ({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operationOptions(resource, operations),
			default: defaultOperation,
		}),
	);
}

function operationOptions(
	resource: string,
	operations: Record<string, OperationModule>,
): INodePropertyOptions[] {
	return Object.entries(operations)
		.map(([value, { option }]) => ({
			...(typeof option === 'function' ? option(resource) : option),
			value,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** An operation's parameters, shown only when its resource and the operation are selected. */
export function operationProperties(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: [resource], operation: [operation] } },
		properties,
	);
}
