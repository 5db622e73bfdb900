/**
 * Every call Socure RiskOS gets from this package, and what its answers mean.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { parseResponseBody, providerMessage } from '../shared/errors';
import type { RetryPolicy } from '../shared/retry';
import { headerValue } from '../shared/retry';
import {
	apiError,
	isSuccess,
	sendServiceRequest,
	type ApiErrorWording,
	type ConnectedService,
	type ServiceCredentials,
} from '../shared/transport';

export const SOCURE_CREDENTIALS: ServiceCredentials = {
	type: 'socureRiskOsApi',
	service: 'socureRiskOs',
	secretFields: ['apiKey'],
};

export type DocumentsDownload =
	| { found: true; archive: Buffer; contentDispositionFileName?: string }
	| { found: false; message: string };

export interface DownloadOptions {
	apiVersion?: string;
	retryPolicy: RetryPolicy;
}

/** GET /api/evaluation/{eval_id}/documents: the ZIP, or Socure's "No Documents Found". */
export async function downloadEvaluationDocuments(
	context: IExecuteFunctions,
	service: ConnectedService,
	evaluationId: string,
	itemIndex: number,
	options: DownloadOptions,
): Promise<DocumentsDownload> {
	const response = await sendServiceRequest(
		context,
		service,
		{
			method: 'GET',
			path: `/api/evaluation/${encodeURIComponent(evaluationId)}/documents`,
			headers: {
				Accept: 'application/zip, application/json',
				...(options.apiVersion ? { 'X-API-Version': options.apiVersion } : {}),
			},
		},
		itemIndex,
		options.retryPolicy,
	);
	if (isSuccess(response)) {
		return {
			found: true,
			archive: response.body,
			contentDispositionFileName: fileNameFromContentDisposition(headerValue(response.headers, 'content-disposition')),
		};
	}
	const body = parseResponseBody(response.body);
	const message = providerMessage(body);
	// Expected for military IDs, minors and deleted data: not an integration error.
	if (response.statusCode === 400 && message && /no documents/i.test(message)) {
		return { found: false, message };
	}
	throw apiError(context, service, response, itemIndex, socureWording(response.statusCode, evaluationId, service, message));
}

function socureWording(
	statusCode: number,
	evaluationId: string,
	service: ConnectedService,
	providerText: string | undefined,
): ApiErrorWording | undefined {
	const environment = String(service.credentials.environment ?? 'sandbox');
	const said = providerText ? ` Socure said: "${providerText}".` : '';
	switch (statusCode) {
		case 400:
			return {
				message: `Socure RiskOS refused the request for evaluation "${evaluationId}" (HTTP 400)`,
				description: `Check the evaluation ID and the API version option.${said}`,
			};
		case 401:
			return {
				message: 'Socure RiskOS rejected the API key (HTTP 401)',
				description: `Check the API key in the Socure RiskOS credential and that it belongs to the "${environment}" environment: sandbox and production keys are separate.${said}`,
			};
		case 403:
			return {
				message: `The API key may not read the documents of evaluation "${evaluationId}" (HTTP 403)`,
				description: `The key is valid but lacks permission. Ask your Socure admin to grant it access to evaluation documents.${said}`,
			};
		case 404:
			return {
				message: `Evaluation "${evaluationId}" was not found in the "${environment}" environment (HTTP 404)`,
				description: `Check the ID, and that the credential points at the environment the evaluation was created in.${said}`,
			};
		case 429:
			return {
				message: 'Socure RiskOS rate limit reached (HTTP 429) and retries were spent',
				description: `Socure allows 10 requests/s and 1,000/day per sandbox key; production limits are set per customer. Lower the pace or raise Max Retries.${said}`,
			};
		default:
			if (statusCode >= 500) {
				return {
					message: `Socure RiskOS had an internal error (HTTP ${statusCode}) for evaluation "${evaluationId}"`,
					description: `This is a fault on Socure's side and retries were spent. Try again later; if it persists, contact Socure support with the evaluation ID.${said}`,
				};
			}
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
