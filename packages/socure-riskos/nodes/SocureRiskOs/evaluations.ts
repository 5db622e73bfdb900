/**
 * Evaluations as this package reads them: a checked eval_id and the optional API version
 * (what every evaluation call takes), the evaluation itself, and the summary fields a
 * workflow branches on.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isSuccess, jsonBody } from '@idv-documents/shared/http/answer';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { evaluationError, getFromEvaluation, type EvaluationCall } from './transport';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name of the API Version option, sent as the X-API-Version header. */
export const API_VERSION_OPTION = 'apiVersion';

/** An eval_id from anywhere (a parameter, a webhook's data.eval_id) as a trimmed UUID, or an error saying what to enter. */
export function checkEvaluationId(
	context: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
): string {
	const evaluationId = String(raw ?? '').trim();
	if (!UUID.test(evaluationId)) {
		throw new NodeOperationError(
			context.getNode(),
			evaluationId ? `Evaluation ID "${evaluationId}" is not a UUID` : 'Evaluation ID is empty',
			{
				itemIndex,
				description:
					'Enter the eval_id Socure returned, e.g. fb1ddadc-6dba-4ce4-aa6d-25c005b192b5. After the Socure RiskOS Trigger use {{ $json.data.eval_id }}; after a Webhook node, {{ $json.body.data.eval_id }}.',
			},
		);
	}
	return evaluationId;
}

export function readApiVersion(options: IDataObject): string | undefined {
	const value = options[API_VERSION_OPTION];
	return typeof value === 'string' ? value.trim() || undefined : undefined;
}

/** GET /api/evaluation/{eval_id}: the evaluation as Socure sent it (a copy), or a worded error. */
export async function getEvaluation(
	scope: ItemScope,
	evaluationId: string,
	apiVersion: string | undefined,
): Promise<IDataObject> {
	const call: EvaluationCall = {
		evaluationId,
		subPath: '',
		accept: 'application/json',
		apiVersion,
		reads: 'evaluation',
		access: 'evaluations',
	};
	const response = await getFromEvaluation(scope, call);
	if (!isSuccess(response)) throw evaluationError(scope, response, call);
	const evaluation = jsonBody<unknown>(scope, response);
	if (!evaluation || typeof evaluation !== 'object' || Array.isArray(evaluation)) {
		throw new NodeOperationError(
			scope.context.getNode(),
			`Socure RiskOS answered with JSON that is not an evaluation for "${evaluationId}"`,
			{
				itemIndex: scope.itemIndex,
				description:
					"Check that the credential's environment or Base URL points at the RiskOS API itself, not a proxy that rewrites answers.",
			},
		);
	}
	return { ...(evaluation as IDataObject) };
}

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

/** The evaluation with the summary fields added; Socure's own fields win, so the summary never hides what Socure sent. */
export function withSummaryFields(evaluation: IDataObject): IDataObject {
	const json = { ...evaluation };
	for (const [key, value] of Object.entries(summaryFields(json)))
		if (!(key in json)) json[key] = value;
	return json;
}
