import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { runOperation } from '../common/runOperation';
import * as create from './actions/documentLiveness/create.operation';
import * as get from './actions/documentLiveness/get.operation';
import * as getMany from './actions/documentLiveness/getMany.operation';
import { VERIFIK_CREDENTIALS } from './transport';

const OPERATIONS = { get, getMany, create };

export class Verifik implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Verifik',
		name: 'verifik',
		icon: { light: 'file:../../icons/verifik.svg', dark: 'file:../../icons/verifik.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { get: "get one check", getMany: "get many checks", create: "check an image" }[$parameter["operation"]] || $parameter["operation"] }}',
		description: 'Check identity-document photos for screen replays, printed copies, substituted portraits and edits with Verifik',
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
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['documentLiveness'] } },
				options: [
					{
						name: 'Create',
						value: 'create',
						action: 'Check a document image for liveness',
						description: 'Run document liveness checks on an image from a binary property',
					},
					{
						name: 'Get',
						value: 'get',
						action: 'Get a document liveness check',
						description: 'Retrieve one document liveness check by its ID',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						action: 'Get many document liveness checks',
						description: 'List document liveness checks, optionally filtered by status',
					},
				],
				default: 'get',
			},
			...get.description,
			...getMany.description,
			...create.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = OPERATIONS[operation as keyof typeof OPERATIONS];
		if (!handler) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		}
		return await runOperation(this, VERIFIK_CREDENTIALS, handler.execute);
	}
}
