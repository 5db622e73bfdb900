/**
 * Sends one request to a service through n8n's authenticated request helper, with the
 * shared retry policy, pace and bound on requests in flight, and reads the answer
 * within its limits. A change (create, upload) is never resent when it may already
 * have been processed.
 */
import type {
	IAllExecuteFunctions,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	answerDeadlineMs,
	fileEncodingHeaders,
	isRedirect,
	JSON_ANSWER_LIMIT,
	readAnswer,
	type BodySink,
	type RawAnswer,
	type ResponseLimit,
	type ServiceResponse,
} from './answer';
import type { ItemScope } from './connection';
import { ItemNotStarted } from '../run/stopOnFailure';
import { redirectRefused, transportFailure } from './failures';
import { isNotProcessedStatus, isRetryableStatus, sendWithRetry } from './retry';

/** A request that changes something (a create, an upload): resent only when it provably was not processed. */
export interface ChangeRequest {
	/** What to check before running again when the outcome is unknown, e.g. "Check the entity's media in Unit21". */
	ifUnsure: string;
	/** The user chose to resend it anyway (the "Resend When Outcome Unknown" option). */
	resendWhenUnsure?: boolean;
}

export interface ServiceRequest {
	method: IHttpRequestMethods;
	/** Appended to the environment's root; starts with `/`. */
	path: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** An object is sent as JSON; a Buffer or string as it is. */
	body?: unknown;
	/** How array query values are written; `repeat` gives `key[]=a&key[]=b` for a `key[]` key. */
	arrayFormat?: IHttpRequestOptions['arrayFormat'];
	/** The size limit of a successful answer; JSON_ANSWER_LIMIT unless the answer is a file. */
	limit?: ResponseLimit;
	/**
	 * For a file (`limit` set): let the service send it gzip- or brotli-encoded. Otherwise it
	 * is asked for as it is (`Accept-Encoding: identity`). JSON answers always may be encoded.
	 */
	acceptCompressed?: boolean;
	/** For a file: where a successful answer's body streams to instead of memory (the response's `stored`). */
	sink?: BodySink;
	/** Set for anything but a read: a create or upload is not resent on an unknown outcome. */
	changes?: ChangeRequest;
}

/** Reads count as changes unless the user chose to resend changes whose outcome is unknown. */
function isIdempotent(request: ServiceRequest): boolean {
	return (
		request.method === 'GET' ||
		request.method === 'HEAD' ||
		request.changes?.resendWhenUnsure === true
	);
}

/**
 * Sends a request and returns the response whatever its status (after retries),
 * with the body as a Buffer read within the request's size limit. Redirects are
 * refused, never followed. Network failures that outlast the retries become a
 * NodeOperationError naming the host, never the credential.
 */
export async function sendServiceRequest(
	scope: ItemScope,
	request: ServiceRequest,
): Promise<ServiceResponse> {
	const { context, connection } = scope;
	const isJsonBody =
		request.body !== undefined &&
		request.body !== null &&
		typeof request.body === 'object' &&
		!Buffer.isBuffer(request.body);
	const limit = request.limit ?? JSON_ANSWER_LIMIT;
	const idempotent = isIdempotent(request);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		qs: request.qs,
		headers: {
			Accept: 'application/json, */*',
			...(isJsonBody ? { 'Content-Type': 'application/json' } : {}),
			...(request.limit ? fileEncodingHeaders(request.acceptCompressed) : {}),
			...request.headers,
		},
		body: isJsonBody ? JSON.stringify(request.body) : (request.body as IHttpRequestOptions['body']),
		// A stream, read into a bounded Buffer: no transient second copy, nothing past the limit.
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// n8n re-adds Authorization on cross-origin redirects (and custom key headers always travel): never follow.
		disableFollowRedirect: true,
		timeout: connection.timeoutMs,
		...(request.arrayFormat ? { arrayFormat: request.arrayFormat } : {}),
	};
	const deadlineMs = answerDeadlineMs(connection.timeoutMs, request.limit !== undefined);
	let attempts = 1;
	let response: ServiceResponse;
	try {
		await scope.admission?.awaitTurn();
		// The slot is held through retries: a request waiting to retry still counts as in flight.
		response = await connection.requestsInFlight.run(
			async () =>
				await sendWithRetry<Buffer>(
					async () => {
						await scope.admission?.beforeSending();
						const startedAt = Date.now();
						// Aborted when the body goes silent: the HTTP client stops watching the socket once the headers are in.
						const abort = new AbortController();
						// n8n binds the helper to its own context; the narrow type cannot say so.
						const answer = (await context.helpers.httpRequestWithAuthentication.call(
							context as IAllExecuteFunctions,
							connection.service.credentialType,
							{ ...options, abortSignal: abort.signal },
						)) as RawAnswer;
						return await readAnswer(
							answer,
							limit,
							{
								idleTimeoutMs: connection.timeoutMs,
								abandon: () => abort.abort(),
								deadline: { at: startedAt + deadlineMs, afterMs: deadlineMs },
							},
							request.sink,
						);
					},
					{
						policy: scope.retryPolicy,
						gate: connection.gate,
						idempotent,
						sleep: async (ms) => await sleep(ms),
						onRetry: ({ retryIndex, delayMs, reason }) => {
							attempts++;
							context.logger.debug(
								`${connection.service.title}: ${reason} on ${request.method} ${request.path}, retry ${retryIndex + 1} in ${delayMs} ms`,
							);
						},
					},
				),
		);
	} catch (error) {
		// Nothing was sent: the per-item loop's own signal passes through, not a failure to word.
		throw error instanceof ItemNotStarted
			? error
			: transportFailure(
					scope,
					{ limit, idempotent, ifUnsure: request.changes?.ifUnsure },
					error,
					attempts,
				);
	}
	if (isRedirect(response)) throw redirectRefused(scope, response, options.url);
	if (
		!idempotent &&
		request.changes &&
		isRetryableStatus(response.statusCode) &&
		!isNotProcessedStatus(response)
	) {
		return { ...response, unknownOutcome: request.changes.ifUnsure };
	}
	return response;
}
