import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { runOperation } from '../common/runOperation';
import * as downloadDocuments from './actions/evaluation/downloadDocuments.operation';
import { SOCURE_CREDENTIALS } from './transport';

export class SocureRiskOs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Socure RiskOS',
		name: 'socureRiskOs',
		icon: { light: 'file:../../icons/socure.svg', dark: 'file:../../icons/socure.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { filePerItem: "one item per file", filesInOneItem: "all files in one item", zip: "ZIP archive" }[$parameter["output"]] || "one item per file" }}',
		description: 'Download the ID images, selfie and attachments of a Socure RiskOS DocV evaluation',
		defaults: { name: 'Socure RiskOS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'socureRiskOsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Evaluation', value: 'evaluation' }],
				default: 'evaluation',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['evaluation'] } },
				options: [
					{
						name: 'Download Documents',
						value: 'downloadDocuments',
						action: 'Download evaluation documents',
						description: 'Download the ID front, back, selfie and reviewer attachments of an evaluation',
					},
				],
				default: 'downloadDocuments',
			},
			...downloadDocuments.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource !== 'evaluation' || operation !== 'downloadDocuments') {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		}
		return await runOperation(this, SOCURE_CREDENTIALS, downloadDocuments.execute);
	}
}
