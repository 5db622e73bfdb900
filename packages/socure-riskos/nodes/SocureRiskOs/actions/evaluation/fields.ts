/**
 * Parameters several evaluation operations share, each written once with how it is read;
 * what the values must be is in ../../evaluations.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { API_VERSION_OPTION, checkEvaluationId } from '../../evaluations';

export const evaluationIdField: INodeProperties = {
	displayName: 'Evaluation ID',
	name: 'evaluationId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5',
	description: 'The eval_id (a UUID) returned when the evaluation was created',
	hint: 'After the Socure RiskOS Trigger: {{ $json.data.eval_id }}; after a Webhook node: {{ $json.body.data.eval_id }}',
};

/** The item's Evaluation ID, checked to be a UUID before any request. */
export function readEvaluationId(context: IExecuteFunctions, itemIndex: number): string {
	return checkEvaluationId(
		context,
		context.getNodeParameter(evaluationIdField.name, itemIndex, '') as unknown,
		itemIndex,
	);
}

export const apiVersionOption: INodeProperties = {
	displayName: 'API Version',
	name: API_VERSION_OPTION,
	type: 'string',
	default: '',
	placeholder: '2025-01-01.orion',
	description: 'Sent as the X-API-Version header. Socure recommends pinning a version.',
};

const WORKFLOW = { displayName: 'Workflow', name: 'workflow' };

/** The Workflow parameter of the write-backs; `hint` says where the previous node has it. */
export function workflowField(hint: string): INodeProperties {
	return {
		...WORKFLOW,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'consumer_onboarding',
		description: 'The name of the RiskOS workflow the evaluation ran in',
		hint,
	};
}

/** The item's Workflow, trimmed, or an error saying what to enter. */
export function readWorkflow(context: IExecuteFunctions, itemIndex: number): string {
	return readRequiredText(
		context,
		itemIndex,
		WORKFLOW,
		'Enter the name of the workflow the evaluation ran in, e.g. {{ $json.workflow }} after Get Evaluation.',
	);
}

/** A required text parameter of the item, trimmed, or an error saying what to enter. */
export function readRequiredText(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Pick<INodeProperties, 'name' | 'displayName'>,
	advice: string,
): string {
	const value = String(context.getNodeParameter(field.name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(context.getNode(), `${field.displayName} is empty`, {
			itemIndex,
			description: advice,
		});
	}
	return value;
}

/** An optional text option, trimmed; undefined when empty. */
export function optionalText(options: IDataObject, name: string): string | undefined {
	const value = options[name];
	if (value === undefined || value === null) return undefined;
	return String(value).trim() || undefined;
}
