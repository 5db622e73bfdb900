/**
 * Every call Verifik gets from this package, and what its answers mean.
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { providerErrorCode, providerMessage, saidBy } from '@idv-documents/shared/http/errors';
import type { ApiErrorWording } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest, type ChangeRequest } from '@idv-documents/shared/http/request';
import { isSuccess, jsonBody, providerBody } from '@idv-documents/shared/http/answer';
import { apiError } from '@idv-documents/shared/http/failures';

/** Verifik's list endpoint serves at most 100 records a page. */
export const MAX_PAGE_SIZE = 100;

export interface VerifikCall {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** What the request was about, for error wording (an ID, a binary property). */
	subject?: string;
	/** For a create: what to check when its outcome is unknown, and whether to resend anyway. */
	changes?: ChangeRequest;
}

/** Sends a call and returns the parsed `{success, data, …}` envelope, or throws a worded error. */
export async function verifikRequest(scope: ItemScope, call: VerifikCall): Promise<IDataObject> {
	const response = await sendServiceRequest(scope, {
		method: call.method,
		path: call.path,
		qs: call.qs,
		body: call.body,
		arrayFormat: 'repeat',
		changes: call.changes,
	});
	if (!isSuccess(response)) {
		const body = providerBody(scope, response);
		throw apiError(
			scope,
			response,
			verifikWording(response.statusCode, body, scope.connection.environment, call),
		);
	}
	// Masked like every provider text (jsonBody masks): the records go into the output as they are.
	const envelope = jsonBody<IDataObject>(scope, response);
	if (envelope.success === false) {
		const { context, itemIndex } = scope;
		throw new NodeOperationError(
			context.getNode(),
			`Verifik reported a failure: ${providerMessage(envelope) ?? 'no reason given'}`,
			{
				itemIndex,
			},
		);
	}
	return envelope;
}

function verifikWording(
	statusCode: number,
	body: unknown,
	environment: string,
	call: VerifikCall,
): ApiErrorWording | undefined {
	const code = providerErrorCode(body);
	const said = providerMessage(body);
	const saidSuffix = saidBy('Verifik', said);
	if (statusCode === 404 && (code === 'DOCUMENT_LIVENESS_NOT_FOUND' || call.subject)) {
		return {
			message: `Document liveness "${call.subject ?? '?'}" was not found in the "${environment}" environment (HTTP 404)`,
			description: `Check the ID, and that the credential points at the environment where the check was created.${saidSuffix}`,
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
	// 401 and 429 mean the same for every call: the service's own wording.
	return undefined;
}
