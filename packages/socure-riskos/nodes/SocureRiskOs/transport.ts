/**
 * Every call Socure RiskOS gets from this package, and what its answers mean. All
 * calls read one evaluation (`/api/evaluation/{eval_id}…`) and share its wording.
 */
import type { NodeApiError } from 'n8n-workflow';

import { providerMessage, redactSecrets, saidBy } from '@idv-documents/shared/http/errors';
import { headerValue, type HttpResponse } from '@idv-documents/shared/http/retry';
import type { ApiErrorWording } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';
import { isSuccess, providerBody, type ResponseLimit } from '@idv-documents/shared/http/answer';
import { apiError } from '@idv-documents/shared/http/failures';

export interface EvaluationCall {
	evaluationId: string;
	/** What follows `/api/evaluation/{eval_id}`: '' for the evaluation itself, '/documents' for its files. */
	subPath: string;
	accept: string;
	apiVersion?: string;
	/** What is read, for error wording: "the documents of evaluation" or "evaluation". */
	reads: string;
	/** What a key needs access to, for error wording: "evaluation documents". */
	access: string;
	/** The size limit of a successful answer when it is a file; a JSON answer's otherwise. */
	limit?: ResponseLimit;
}

/** GET /api/evaluation/{eval_id}{subPath}: the answer whatever its status (after retries). */
export async function getFromEvaluation(
	scope: ItemScope,
	call: EvaluationCall,
): Promise<HttpResponse<Buffer>> {
	return await sendServiceRequest(scope, {
		method: 'GET',
		path: `/api/evaluation/${encodeURIComponent(call.evaluationId)}${call.subPath}`,
		headers: {
			Accept: call.accept,
			...(call.apiVersion ? { 'X-API-Version': call.apiVersion } : {}),
		},
		limit: call.limit,
	});
}

/** The error for an evaluation call's failed answer, in Socure's terms. */
export function evaluationError(
	scope: ItemScope,
	response: HttpResponse<Buffer>,
	call: EvaluationCall,
): NodeApiError {
	const said = providerMessage(providerBody(scope, response));
	return apiError(
		scope,
		response,
		evaluationWording(response.statusCode, call, scope.connection.environment, said),
	);
}

export type DocumentsDownload =
	| { found: true; archive: Buffer; contentDispositionFileName?: string }
	| { found: false; message: string };

/** GET /api/evaluation/{eval_id}/documents: the ZIP, or Socure's "No Documents Found". */
export async function downloadEvaluationDocuments(
	scope: ItemScope,
	evaluationId: string,
	options: { apiVersion?: string; maxArchiveBytes: number },
): Promise<DocumentsDownload> {
	const call: EvaluationCall = {
		evaluationId,
		subPath: '/documents',
		accept: 'application/zip, application/json',
		apiVersion: options.apiVersion,
		reads: 'the documents of evaluation',
		access: 'evaluation documents',
		limit: {
			maxBytes: options.maxArchiveBytes,
			what: "the evaluation's ZIP archive",
			option: 'Max Archive Size (MB)',
		},
	};
	const response = await getFromEvaluation(scope, call);
	if (isSuccess(response)) {
		return {
			found: true,
			archive: response.body,
			contentDispositionFileName:
				redactSecrets(
					fileNameFromContentDisposition(headerValue(response.headers, 'content-disposition')) ??
						'',
					scope.connection.secrets,
				) || undefined,
		};
	}
	// Masked: Socure's words go into the output item and errors, and a server may echo the key.
	const message = providerMessage(providerBody(scope, response));
	// Expected for military IDs, minors and deleted data: not an integration error.
	if (response.statusCode === 400 && message && /no documents/i.test(message)) {
		return { found: false, message };
	}
	throw evaluationError(scope, response, call);
}

function evaluationWording(
	statusCode: number,
	call: EvaluationCall,
	environment: string,
	providerText: string | undefined,
): ApiErrorWording | undefined {
	const { evaluationId } = call;
	const said = saidBy('Socure', providerText);
	switch (statusCode) {
		case 400:
			return {
				message: `Socure RiskOS refused the request for evaluation "${evaluationId}" (HTTP 400)`,
				description: `Check the evaluation ID and the API version option.${said}`,
			};
		case 403:
			return {
				message: `The API key may not read ${call.reads} "${evaluationId}" (HTTP 403)`,
				description: `The key is valid but lacks permission. Ask your Socure admin to grant it access to ${call.access}.${said}`,
			};
		case 404:
			return {
				message: `Evaluation "${evaluationId}" was not found in the "${environment}" environment (HTTP 404)`,
				description: `Check the ID, and that the credential points at the environment the evaluation was created in.${said}`,
			};
		default:
			if (statusCode >= 500) {
				return {
					message: `Socure RiskOS had an internal error (HTTP ${statusCode}) for evaluation "${evaluationId}"`,
					description: `This is a fault on Socure's side and retries were spent. Try again later; if it persists, contact Socure support with the evaluation ID.${said}`,
				};
			}
			// 401 and 429 mean the same for every call: the service's own wording.
			return undefined;
	}
}

function fileNameFromContentDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const encoded = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
	if (encoded) {
		try {
			return decodeURIComponent(encoded[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// fall through to the plain parameter
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
	return plain ? (plain[2] ?? plain[1]).trim() : undefined;
}
