import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '@idv-documents/shared/run/router';
import { resourceDescriptions, UNIT21_OPERATIONS } from './actions';
import { RESOURCES } from './objectTypes';
import { UNIT21 } from './service';

export class Unit21 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Unit21',
		name: 'unit21',
		icon: { light: 'file:../../icons/unit21.svg', dark: 'file:../../icons/unit21.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "createOrUpdate" ? "create or update entity" : $parameter["operation"] === "deleteAllMedia" ? "delete all media" : ($parameter["mediaType"] && $parameter["mediaType"] !== "auto" ? ($parameter["mediaType"] === "none" ? "no media type" : $parameter["mediaType"]) : "media type from input") + ($parameter["uploadMode"] === "base64" ? ", base64" : "") }}',
		description:
			'Attach ID images, selfies and documents to Unit21 entities, events, alerts and cases; create or update entities',
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
			...resourceDescriptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, UNIT21_OPERATIONS, UNIT21);
	}
}
