import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '@idv-documents/shared/descriptions/requestControl';
import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { isSuccess, jsonBody } from '@idv-documents/shared/http/answer';
import { evaluationError, getFromEvaluation, type EvaluationCall } from '../../transport';
import { apiVersionOption, evaluationIdField, readApiVersion, readEvaluationId } from './fields';

export const option = {
	name: 'Get',
	action: 'Get an evaluation',
	description:
		"Read an evaluation: its decision, status, score, tags and every enrichment's results",
};

const properties: INodeProperties[] = [
	evaluationIdField,
	optionsCollection([
		{
			displayName: 'Add Summary Fields',
			name: 'addSummaryFields',
			type: 'boolean',
			default: true,
			description:
				"Whether to add reasonCodes (every enrichment's codes, once each), documentVerification (the DocV decision, when DocV ran) and isMinor (R844: Socure deletes the images) beside Socure's fields",
		},
		apiVersionOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['evaluation'], operation: ['get'] } },
	properties,
);

/** Socure's code for an applicant under the minimum age; their images are deleted. */
const MINOR_REASON_CODE = 'R844';

/** Where reason codes sit: `data_enrichments[].response.<module>.reasonCodes` (or on the response itself). */
function enrichmentResponses(evaluation: IDataObject): IDataObject[] {
	const enrichments = Array.isArray(evaluation.data_enrichments) ? evaluation.data_enrichments : [];
	return enrichments
		.map((enrichment) =>
			enrichment && typeof enrichment === 'object'
				? (enrichment as IDataObject).response
				: undefined,
		)
		.filter(
			(response): response is IDataObject =>
				!!response && typeof response === 'object' && !Array.isArray(response),
		);
}

function objectsIn(response: IDataObject): IDataObject[] {
	const modules = Object.values(response).filter(
		(value): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value),
	);
	return [response, ...modules];
}

/** The conveniences a workflow branches on, read from Socure's own fields. */
export function summaryFields(evaluation: IDataObject): IDataObject {
	const reasonCodes = new Set<string>();
	let documentVerification: string | undefined;
	for (const response of enrichmentResponses(evaluation)) {
		for (const module of objectsIn(response)) {
			if (!Array.isArray(module.reasonCodes)) continue;
			for (const code of module.reasonCodes)
				if (typeof code === 'string' && code) reasonCodes.add(code);
		}
		const docv = response.documentVerification as IDataObject | undefined;
		const decision =
			docv && typeof docv === 'object'
				? (docv.decision as IDataObject | string | undefined)
				: undefined;
		const value =
			typeof decision === 'string'
				? decision
				: decision && typeof decision === 'object'
					? decision.value
					: undefined;
		if (typeof value === 'string' && value) documentVerification = value;
	}
	return {
		reasonCodes: [...reasonCodes],
		...(documentVerification ? { documentVerification } : {}),
		isMinor: reasonCodes.has(MINOR_REASON_CODE),
	};
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = item;
	const evaluationId = readEvaluationId(this, itemIndex);
	const options = this.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;
	const call: EvaluationCall = {
		evaluationId,
		subPath: '',
		accept: 'application/json',
		apiVersion: readApiVersion(options),
		reads: 'evaluation',
		access: 'evaluations',
	};
	const response = await getFromEvaluation(item, call);
	if (!isSuccess(response)) throw evaluationError(item, response, call);
	const evaluation = jsonBody<unknown>(item, response);
	if (!evaluation || typeof evaluation !== 'object' || Array.isArray(evaluation)) {
		throw new NodeOperationError(
			this.getNode(),
			`Socure RiskOS answered with JSON that is not an evaluation for "${evaluationId}"`,
			{
				itemIndex,
				description:
					"Check that the credential's environment or Base URL points at the RiskOS API itself, not a proxy that rewrites answers.",
			},
		);
	}
	const json = { ...(evaluation as IDataObject) };
	if (options.addSummaryFields !== false) {
		// Socure's own fields win: the summary never hides what Socure sent.
		for (const [key, value] of Object.entries(summaryFields(json)))
			if (!(key in json)) json[key] = value;
	}
	return [{ json }];
}
