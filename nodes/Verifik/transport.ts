/**
 * Every call Verifik gets from this package, and what its answers mean.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseResponseBody, providerErrorCode, providerMessage } from '../shared/errors';
import type { RetryPolicy } from '../shared/retry';
import {
	apiError,
	isSuccess,
	jsonBody,
	sendServiceRequest,
	type ApiErrorWording,
	type ConnectedService,
	type ServiceCredentials,
} from '../shared/transport';

export const VERIFIK_CREDENTIALS: ServiceCredentials = {
	type: 'verifikApi',
	service: 'verifik',
	secretFields: ['accessToken'],
};

/** Verifik's list endpoint serves at most 100 records a page. */
export const MAX_PAGE_SIZE = 100;

export interface VerifikCall {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** What the request was about, for error wording (an ID, a binary property). */
	subject?: string;
}

/** Sends a call and returns the parsed `{success, data, …}` envelope, or throws a worded error. */
export async function verifikRequest(
	context: IExecuteFunctions,
	service: ConnectedService,
	call: VerifikCall,
	itemIndex: number,
	retryPolicy: RetryPolicy,
): Promise<IDataObject> {
	const response = await sendServiceRequest(
		context,
		service,
		{
			method: call.method,
			path: call.path,
			qs: call.qs,
			body: call.body,
			headers: { 'Content-Type': 'application/json' },
			arrayFormat: 'repeat',
		},
		itemIndex,
		retryPolicy,
	);
	if (!isSuccess(response)) {
		const body = parseResponseBody(response.body);
		throw apiError(context, service, response, itemIndex, verifikWording(response.statusCode, body, service, call));
	}
	const envelope = jsonBody<IDataObject>(context, response, itemIndex);
	if (envelope.success === false) {
		throw new NodeOperationError(context.getNode(), `Verifik reported a failure: ${providerMessage(envelope) ?? 'no reason given'}`, {
			itemIndex,
		});
	}
	return envelope;
}

function verifikWording(
	statusCode: number,
	body: unknown,
	service: ConnectedService,
	call: VerifikCall,
): ApiErrorWording | undefined {
	const environment = String(service.credentials.environment ?? 'production');
	const code = providerErrorCode(body);
	const said = providerMessage(body);
	const saidSuffix = said ? ` Verifik said: "${said}".` : '';
	if (statusCode === 404 && (code === 'DOCUMENT_LIVENESS_NOT_FOUND' || call.subject)) {
		return {
			message: `Document liveness "${call.subject ?? '?'}" was not found in the "${environment}" environment (HTTP 404)`,
			description: `Check the ID, and that the credential points at the environment where the check was created.${saidSuffix}`,
		};
	}
	if (statusCode === 401) {
		return {
			message: 'Verifik rejected the access token (HTTP 401): it is invalid or expired',
			description:
				'Verifik tokens last about 30 days. Copy a new token from the Verifik dashboard (or log in again with the email/phone code) and paste it into the Verifik API credential.',
		};
	}
	if (code === 'INVALID_IMAGE_FORMAT') {
		return {
			message: `Verifik could not read the image${call.subject ? ` from "${call.subject}"` : ''} (INVALID_IMAGE_FORMAT)`,
			description: `Send a JPEG or PNG photo of the document.${saidSuffix}`,
		};
	}
	if (statusCode === 413 || code === 'IMAGE_TOO_LARGE') {
		return {
			message: `The image${call.subject ? ` from "${call.subject}"` : ''} is too large for Verifik (IMAGE_TOO_LARGE)`,
			description: `Resize or compress it (for example with the Edit Image node) before this node.${saidSuffix}`,
		};
	}
	if (code === 'INVALID_PARAMETERS') {
		return {
			message: 'Verifik refused the query parameters (INVALID_PARAMETERS)',
			description: `Check the Status filter and the limit (at most 100 per page).${saidSuffix}`,
		};
	}
	if (statusCode === 429) {
		return {
			message: 'Verifik rate limit reached (HTTP 429) and retries were spent',
			description: 'Verifik allows about 1,000 requests an hour, 100 an hour for validations. Lower the pace or try later.',
		};
	}
	return undefined;
}
