import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { runOperation } from '../common/runOperation';
import * as addMedia from './actions/media/addMedia.operation';
import { UNIT21_CREDENTIALS, type Unit21ObjectType } from './transport';

const RESOURCES: Array<{ value: Unit21ObjectType; name: string; article: string }> = [
	{ value: 'entity', name: 'Entity', article: 'an entity' },
	{ value: 'event', name: 'Event', article: 'an event' },
	{ value: 'alert', name: 'Alert', article: 'an alert' },
	{ value: 'case', name: 'Case', article: 'a case' },
];

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

export class Unit21 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Unit21',
		name: 'unit21',
		icon: { light: 'file:../../icons/unit21.svg', dark: 'file:../../icons/unit21.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["mediaType"] && $parameter["mediaType"] !== "auto" ? ($parameter["mediaType"] === "none" ? "no media type" : $parameter["mediaType"]) : "media type from input") + ($parameter["uploadMode"] === "base64" ? ", base64" : "") }}',
		description: 'Attach ID images, selfies and documents to Unit21 entities, events, alerts and cases',
		defaults: { name: 'Unit21' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'unit21Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES.map(({ name, value }) => ({ name, value })),
				default: 'entity',
			},
			...operationProperties,
			...addMedia.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation !== 'addMedia') {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		}
		return await runOperation(this, UNIT21_CREDENTIALS, addMedia.execute);
	}
}
