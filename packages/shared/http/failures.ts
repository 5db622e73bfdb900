/**
 * The words for every way a request can fail: a failed answer (apiError), a failure
 * before a usable answer (the network, a size or time limit, an unknown outcome), and a
 * refused redirect. Each names the cause and the fix, and never carries a secret.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { formatBytes } from '../text/bytes';
import {
	FILE_DEADLINE_TIMEOUTS,
	providerBody,
	redirectTarget,
	type ResponseLimit,
	type ServiceResponse,
} from './answer';
import type { ItemScope } from './connection';
import {
	describeNetworkFailure,
	genericStatusAdvice,
	providerMessage,
	redactDeep,
	redactSecrets,
} from './errors';
import { BodyLimitError, MAX_DECODED_RATIO } from './bodyLimits';
import { isNotSentNetworkError, isTransientNetworkError, type HttpResponse } from './retry';
import type { ApiErrorWording } from './service';

/**
 * A NodeApiError for a failed response, worded by the call's own mapping, else the
 * service's wording for that status, else generic advice; scrubbed of secrets.
 */
export function apiError(
	scope: ItemScope,
	response: ServiceResponse,
	wording?: ApiErrorWording,
): NodeApiError {
	const { context, connection, itemIndex } = scope;
	const body = providerBody(scope, response);
	const fromProvider = providerMessage(body);
	const chosen =
		wording ??
		connection.service.statusWording?.[response.statusCode]?.({
			environment: connection.environment,
			said: fromProvider,
		});
	const message =
		chosen?.message ??
		`${connection.service.title} answered HTTP ${response.statusCode}${fromProvider ? `: ${fromProvider}` : ''}`;
	const description = response.unknownOutcome
		? `${connection.service.title} failed after receiving the request, so it may have processed it; it was not sent again. ${response.unknownOutcome} To resend such requests anyway, turn on "Resend When Outcome Unknown".`
		: (chosen?.description ?? genericStatusAdvice(response.statusCode));
	const errorResponse = redactDeep(
		{
			httpCode: String(response.statusCode),
			message,
			...(body !== undefined ? { body: body as JsonObject } : {}),
		},
		connection.secrets,
	) as JsonObject;
	return new NodeApiError(context.getNode(), errorResponse, {
		message: redactSecrets(message, connection.secrets),
		description: redactSecrets(description, connection.secrets),
		httpCode: String(response.statusCode),
		itemIndex,
	});
}

/** What a failed request was, as far as its failure's wording goes. */
export interface FailedRequest {
	/** The size limit of its answer. */
	limit: ResponseLimit;
	/** Whether it could be resent whatever happened (a read, or a change the user lets resend). */
	idempotent: boolean;
	/** For a change: what to check before running again when the outcome is unknown. */
	ifUnsure?: string;
}

/** A failure before a usable answer: a size or time limit, an unknown outcome, or the network. */
export function transportFailure(
	scope: ItemScope,
	request: FailedRequest,
	error: unknown,
	attempts: number,
): NodeOperationError {
	const { context, connection, itemIndex } = scope;
	const title = connection.service.title;
	const host = new URL(connection.baseUrl).host;
	if (error instanceof BodyLimitError) return limitRefused(scope, title, request.limit, error);
	const cause = redactSecrets(
		describeNetworkFailure(error, connection.timeoutMs),
		connection.secrets,
	);
	if (!request.idempotent && isTransientNetworkError(error) && !isNotSentNetworkError(error)) {
		return new NodeOperationError(
			context.getNode(),
			`The outcome is unknown: the connection to ${host} failed after the request was sent (${cause})`,
			{
				itemIndex,
				description: `${title} may have processed it, so it was not sent again. ${request.ifUnsure ?? 'Check the service before running the node again.'} To resend such requests anyway, turn on "Resend When Outcome Unknown".`,
			},
		);
	}
	return new NodeOperationError(context.getNode(), `Could not reach ${host}: ${cause}`, {
		itemIndex,
		description: `${attempts === 1 ? 'Tried once' : `Tried ${attempts} times`}. Check the credential's environment or Base URL, and that n8n can reach the host; if the service is slow rather than down, raise the Timeout option.`,
	});
}

/** The error for an answer refused by its size or its deadline, naming the limit and the option that raises it. */
export function limitRefused(
	scope: ItemScope,
	source: string,
	limit: ResponseLimit,
	error: BodyLimitError,
): NodeOperationError {
	const { context, itemIndex } = scope;
	if (error.reason === 'tooSlow') {
		return new NodeOperationError(
			context.getNode(),
			`${source} was still sending ${limit.what} after ${Math.round(error.limit / 1000)} s`,
			{
				itemIndex,
				description: `A JSON answer must arrive within the Timeout, a file within ${FILE_DEADLINE_TIMEOUTS} times the Timeout. If the link is really that slow, raise the Timeout option.`,
			},
		);
	}
	if (error.reason === 'unholdable') {
		return new NodeOperationError(
			context.getNode(),
			`${source} announced ${formatBytes(error.announced ?? 0)} for ${limit.what}, more than one file in memory can hold`,
			{
				itemIndex,
				description: `Nothing was read. ${limit.option ? `Keep "${limit.option}" below that size; ` : ''}an answer that large is not what this API sends.`,
			},
		);
	}
	if (error.reason === 'tooExpanded') {
		return new NodeOperationError(
			context.getNode(),
			`${source} sent ${formatBytes(error.announced ?? 0)} for ${limit.what} that unpacked to more than ${MAX_DECODED_RATIO} times that size`,
			{
				itemIndex,
				description: `Refused as a decompression bomb (Content-Encoding): nothing more was unpacked. Real answers compress far less than ${MAX_DECODED_RATIO}:1, files hardly at all. If the host is genuine, ask its operator why it sends such answers.`,
			},
		);
	}
	const size =
		error.announced !== undefined
			? `announced ${formatBytes(error.announced)}`
			: `sent more than ${formatBytes(limit.maxBytes)}`;
	return new NodeOperationError(
		context.getNode(),
		`${source} ${size} for ${limit.what}, over the ${formatBytes(limit.maxBytes)} limit`,
		{
			itemIndex,
			description: limit.option
				? `Nothing beyond the limit was read. If the file is genuine, raise "${limit.option}" in the options.`
				: `Nothing beyond the limit was read; this API's answers are far smaller. Check that the credential's environment or Base URL points at the API.`,
		},
	);
}

/** A redirect from the API, named by status and target host only: its path and query may carry signatures. */
export function redirectRefused(
	scope: ItemScope,
	response: HttpResponse<Buffer>,
	requestUrl: string,
): NodeOperationError {
	const { context, connection, itemIndex } = scope;
	const target = redirectTarget(response, requestUrl);
	const where = target
		? `a redirect to ${target.protocol}//${target.host}`
		: 'a redirect without a target';
	const httpsHint =
		target &&
		target.host === new URL(requestUrl).host &&
		target.protocol === 'https:' &&
		requestUrl.startsWith('http:')
			? ' (https:// rather than http://)'
			: '';
	return new NodeOperationError(
		context.getNode(),
		redactSecrets(
			`${connection.service.title} answered HTTP ${response.statusCode}, ${where}; it was not followed`,
			connection.secrets,
		),
		{
			itemIndex,
			description: `The node never follows a redirect from the API, so the credential cannot travel to another address. Set the credential's environment or Base URL to the address the API answers on${httpsHint}.`,
		},
	);
}
