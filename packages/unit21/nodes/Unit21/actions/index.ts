/**
 * Unit21's resources and their operations: what the router may run. Every object type
 * takes media the same way; the operation reads the resource to build the path.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { NodeOperations } from '@idv-documents/shared/run/router';
import type { Unit21ObjectType } from '../transport';
import * as addMedia from './media/addMedia.operation';

export const RESOURCES: Array<{ value: Unit21ObjectType; name: string; article: string }> = [
	{ value: 'entity', name: 'Entity', article: 'an entity' },
	{ value: 'event', name: 'Event', article: 'an event' },
	{ value: 'alert', name: 'Alert', article: 'an alert' },
	{ value: 'case', name: 'Case', article: 'a case' },
];

const mediaOperations = { addMedia };

export const UNIT21_OPERATIONS = {
	entity: mediaOperations,
	event: mediaOperations,
	alert: mediaOperations,
	case: mediaOperations,
} satisfies NodeOperations & Record<Unit21ObjectType, unknown>;

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
	],
	default: 'addMedia',
}));

export const resourceDescriptions: INodeProperties[] = [
	...operationProperties,
	...addMedia.description,
];
