/**
 * Every call Verifik gets from this package, and what its answers mean: document
 * liveness records read one at a time or page by page, and created.
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

/** GET /v2/document-liveness/{id}: the record. */
export async function getDocumentLiveness(scope: ItemScope, id: string): Promise<IDataObject> {
	const envelope = await verifikRequest(scope, {
		method: 'GET',
		path: `/v2/document-liveness/${encodeURIComponent(id)}`,
		subject: id,
	});
	return (envelope.data ?? {}) as IDataObject;
}

/** POST /v2/document-liveness: the new record; never resent when it may have been created, unless the user allows it. */
export async function createDocumentLiveness(
	scope: ItemScope,
	body: IDataObject,
	{ subject, resendWhenUnsure }: { subject: string; resendWhenUnsure: boolean },
): Promise<IDataObject> {
	const envelope = await verifikRequest(scope, {
		method: 'POST',
		path: '/v2/document-liveness',
		body,
		subject,
		changes: {
			ifUnsure:
				'Look for the record with Get Many (status, newest first) before running the node again, or the check may be created twice.',
			resendWhenUnsure,
		},
	});
	return (envelope.data ?? {}) as IDataObject;
}

/** Return All stops here: 100,000 records (pages of 100), far more than one run should turn into items. */
const MAX_PAGES = 1000;

function recordKey(record: IDataObject): string {
	return typeof record._id === 'string' ? record._id : JSON.stringify(record);
}

/**
 * GET /v2/document-liveness, up to `limit` records, in pages of one fixed size (so page N
 * is always records N×size+1…), each record once: a page that brings nothing new ends
 * the walk (a server that ignores `page`), as do a short page, the announced page count,
 * or MAX_PAGES. The records are bounded, not only the pages: a page larger than asked for
 * is refused unless the Limit is met within it (its first records are then the ones asked
 * for), so Return All never holds more than MAX_PAGES × MAX_PAGE_SIZE records.
 */
export async function listDocumentLiveness(
	scope: ItemScope,
	baseQuery: IDataObject,
	limit: number,
): Promise<IDataObject[]> {
	const pageSize = Math.min(MAX_PAGE_SIZE, limit);
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	for (let page = 1; records.length < limit; page++) {
		if (page > MAX_PAGES) {
			throw new NodeOperationError(
				scope.context.getNode(),
				`Verifik still had records after ${MAX_PAGES} pages (${records.length} records)`,
				{
					itemIndex: scope.itemIndex,
					description:
						'Narrow the list with the Status filter, or turn off Return All and set a Limit.',
				},
			);
		}
		const envelope = await verifikRequest(scope, {
			method: 'GET',
			path: '/v2/document-liveness',
			qs: { ...baseQuery, page, limit: pageSize },
		});
		const data = Array.isArray(envelope.data) ? (envelope.data as IDataObject[]) : [];
		if (data.length > pageSize && records.length + data.length < limit) {
			throw new NodeOperationError(
				scope.context.getNode(),
				`Verifik sent ${data.length} records on page ${page}, more than the ${pageSize} asked for`,
				{
					itemIndex: scope.itemIndex,
					description: `Verifik pages hold at most ${MAX_PAGE_SIZE} records: this answer does not come from Verifik's list endpoint as documented. Check the credential's environment or Base URL.`,
				},
			);
		}
		let added = 0;
		// One by one, not push(...data): a large page would overflow the call stack.
		for (const record of data) {
			if (records.length >= limit) break;
			const key = recordKey(record);
			if (seen.has(key)) continue;
			seen.add(key);
			records.push(record);
			added++;
		}
		const pages = Number((envelope.pagination as IDataObject | undefined)?.pages);
		const lastPage = Number.isFinite(pages) ? page >= pages : data.length < pageSize;
		if (added === 0 || lastPage) break;
	}
	return records;
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
