import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '@idv-documents/shared/descriptions/requestControl';
import { OPTIONS_COLLECTION } from '@idv-documents/shared/run/runControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { getEvaluation, readApiVersion, withSummaryFields } from '../../evaluations';
import { apiVersionOption, evaluationIdField, readEvaluationId } from './fields';

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

export async function execute(
	this: IExecuteFunctions,
	item: ItemScope<IExecuteFunctions>,
): Promise<INodeExecutionData[]> {
	const evaluationId = readEvaluationId(this, item.itemIndex);
	const options = this.getNodeParameter(OPTIONS_COLLECTION, item.itemIndex, {}) as IDataObject;
	const evaluation = await getEvaluation(item, evaluationId, readApiVersion(options));
	return [
		{ json: options.addSummaryFields !== false ? withSummaryFields(evaluation) : evaluation },
	];
}
