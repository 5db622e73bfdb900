/**
 * Unit21's resources and their operations: what the router may run. Every object type
 * takes media the same way; the operation reads the resource to build the path.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { NodeMap, NodeOperations } from '@idv-documents/shared/run/router';
import type { Unit21ObjectType } from '../transport';
import * as addMedia from './media/addMedia.operation';
import * as createOrUpdate from './entity/createOrUpdate.operation';
import * as deleteAllMedia from './entity/deleteAllMedia.operation';

export const RESOURCES: Array<{ value: Unit21ObjectType; name: string; article: string }> = [
	{ value: 'entity', name: 'Entity', article: 'an entity' },
	{ value: 'event', name: 'Event', article: 'an event' },
	{ value: 'alert', name: 'Alert', article: 'an alert' },
	{ value: 'case', name: 'Case', article: 'a case' },
];

const mediaOperations = { addMedia };
/** Entities alone also have these. */
const entityOperations = { createOrUpdate, deleteAllMedia };

export const UNIT21_OPERATIONS = {
	entity: { ...mediaOperations, ...entityOperations },
	event: mediaOperations,
	alert: mediaOperations,
	case: mediaOperations,
} satisfies NodeOperations & Record<Unit21ObjectType, unknown>;

export type Unit21Map = NodeMap<typeof UNIT21_OPERATIONS>;

/** The entity's own operations, after Add Media in the dropdown (alphabetical either way). */
const entityOperationOptions = Object.entries(entityOperations).map(([value, operation]) => ({
	...operation.option,
	value,
}));

/** One operation list per resource, so each action reads "Add media to an entity" etc. on the canvas. */
const operationProperties: INodeProperties[] = RESOURCES.map((resource) => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [resource.value] } },
	options: [
		{
			name: 'Add Media',
			value: 'addMedia',
			action: `Add media to ${resource.article}`,
			description: `Attach files from the input item to ${resource.article}`,
		},
	].concat(resource.value === 'entity' ? entityOperationOptions : []),
	default: 'addMedia',
}));

export const resourceDescriptions: INodeProperties[] = [
	...operationProperties,
	...addMedia.description,
	...createOrUpdate.description,
	...deleteAllMedia.description,
];
