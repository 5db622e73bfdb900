import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '@idv-documents/shared/run/router';
import { RESOURCES, resourceDescriptions, SOCURE_OPERATIONS } from './actions';
import { SOCURE_RISKOS } from './service';

export class SocureRiskOs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Socure RiskOS',
		name: 'socureRiskOs',
		icon: { light: 'file:../../icons/socure.svg', dark: 'file:../../icons/socure.dark.svg' },
		group: ['transform'],
		version: 1,
		// Operations without their own words here show "<operation> <resource>".
		subtitle:
			'={{ $parameter["operation"] === "downloadDocuments" ? ({ filePerItem: "one item per file", filesInOneItem: "all files in one item", zip: "ZIP archive" }[$parameter["output"]] || "one item per file") : ({ get: "get evaluation", updateState: "write back: update state", submit: "write back: submit feedback", importCsv: "write back: import feedback CSV" }[$parameter["operation"]] || $parameter["operation"] + " " + $parameter["resource"]) }}',
		description:
			'Read Socure RiskOS DocV evaluations and download their ID images, selfie and attachments; write back decisions, case status, notes, attachments and fraud feedback',
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
				options: RESOURCES,
				default: 'evaluation',
			},
			...resourceDescriptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, SOCURE_OPERATIONS, SOCURE_RISKOS);
	}
}
