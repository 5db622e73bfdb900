import type { INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import { optionsCollection } from '@idv-documents/shared/descriptions/requestControl';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
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

export const description = operationProperties('evaluation', 'get', properties);

export const execute: OperationExecute = async function (item) {
	const evaluationId = readEvaluationId(this, item.itemIndex);
	const options = optionsOf(this, item.itemIndex);
	const evaluation = await getEvaluation(item, evaluationId, readApiVersion(options));
	return [
		{ json: options.addSummaryFields !== false ? withSummaryFields(evaluation) : evaluation },
	];
};
