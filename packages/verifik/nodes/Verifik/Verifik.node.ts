import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '@idv-documents/shared/run/router';
import { resourceDescriptions, VERIFIK_OPERATIONS } from './actions';
import { VERIFIK } from './service';

export class Verifik implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Verifik',
		name: 'verifik',
		icon: { light: 'file:../../icons/verifik.svg', dark: 'file:../../icons/verifik.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { get: "get one check", getMany: "get many checks", create: "check an image" }[$parameter["operation"]] || $parameter["operation"] }}',
		description:
			'Check identity-document photos for screen replays, printed copies, substituted portraits and edits with Verifik',
		defaults: { name: 'Verifik' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'verifikApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Document Liveness', value: 'documentLiveness' }],
				default: 'documentLiveness',
			},
			...resourceDescriptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, VERIFIK_OPERATIONS, VERIFIK);
	}
}
