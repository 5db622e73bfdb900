/**
 * The one door to the network for every node: resolves the credential's
 * environment, sends through n8n's authenticated request helper with the shared
 * retry policy, and turns failures into NodeApiErrors that never carry a secret.
 * Each service's transport is a thin layer over this, handing it its ServiceDefinition.
 */
import type {
	IAllExecuteFunctions,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { BodyLimitError, bodyToBuffer, discardBody } from './responseBody';
import { Semaphore } from '../run/concurrency';
import { defaultEnvironment, resolveBaseUrl } from './environments';
import {
	describeNetworkFailure,
	genericStatusAdvice,
	parseResponseBody,
	providerMessage,
	redactDeep,
	redactSecrets,
} from './errors';
import { fileUrlRefusal } from './fileUrls';
import { RateGate } from './rateGate';
import {
	DEFAULT_RETRY_POLICY,
	headerValue,
	isNotProcessedStatus,
	isNotSentNetworkError,
	isRetryableStatus,
	isTransientNetworkError,
	sendWithRetry,
	type HttpResponse,
	type RetryPolicy,
} from './retry';
import type { ApiErrorWording, ServiceContext, ServiceDefinition } from './service';
import { formatBytes } from '../files/zip';

const MB = 1024 * 1024;

/** What an answer may weigh, and what to tell the user when it weighs more. */
export interface ResponseLimit {
	maxBytes: number;
	/** What the answer is, e.g. "the evaluation's ZIP archive". */
	what: string;
	/** The option that raises the limit, e.g. "Max Archive Size (MB)"; none for JSON answers. */
	option?: string;
}

/** A JSON answer of these APIs is a few KB; a page of 100 records well under 1 MB. */
export const JSON_ANSWER_LIMIT: ResponseLimit = { maxBytes: 8 * MB, what: 'a JSON answer' };
/** Of an error answer only the start is read: the status is the news, the body only words it. */
export const ERROR_BODY_BYTES = 1 * MB;
/** A JSON answer must arrive within the Timeout; a file (archive, image) within this many Timeouts. */
export const FILE_DEADLINE_TIMEOUTS = 12;
const DEFAULT_TIMEOUT_MS = 300_000;

/** A request that changes something (a create, an upload): resent only when it provably was not processed. */
export interface ChangeRequest {
	/** What to check before running again when the outcome is unknown, e.g. "Check the entity's media in Unit21". */
	ifUnsure: string;
	/** The user chose to resend it anyway (the "Resend When Outcome Unknown" option). */
	resendWhenUnsure?: boolean;
}

/** The service's answer; `unknownOutcome` when it failed in a way that may follow processing and was not resent. */
export type ServiceResponse = HttpResponse<Buffer> & { unknownOutcome?: string };

/** One node run's link to a service: resolved once, shared by the run's items. */
export interface ServiceConnection {
	service: ServiceDefinition;
	baseUrl: string;
	/** The credential's environment, its default when unset (for error wording). */
	environment: string;
	credentials: IDataObject;
	secrets: string[];
	/** Paces every request of this node run to the service. */
	gate: RateGate;
	/** Longest silence from the service per attempt. */
	timeoutMs?: number;
	/** Bounds this node run's requests in flight (retries included). */
	requestsInFlight: Semaphore;
}

/** Per node run: how many requests in flight at once, how fast, and how long to wait. */
export interface ConnectionControl {
	maxRequestsInFlight?: number;
	requestsPerSecond?: number;
	timeoutMs?: number;
}

/**
 * What every request of one item needs, in one object, so nothing is threaded by hand:
 * the context, the run's connection (pace, timeout, bound on requests in flight), the
 * item the request is for, and the item's retry policy.
 */
export interface ItemScope<Context extends ServiceContext = ServiceContext> {
	/** The n8n context: IExecuteFunctions for operations, a webhook's or hook's for triggers. */
	readonly context: Context;
	readonly connection: ServiceConnection;
	readonly itemIndex: number;
	readonly retryPolicy: RetryPolicy;
	/** The node's typeVersion, for behaviour that changes between versions. */
	readonly nodeVersion: number;
}

/**
 * A scope for work that is not about input items: a trigger's webhook() or hook
 * methods. Item 0 and the default retry policy unless told otherwise.
 */
export function scopeOf<Context extends ServiceContext>(
	context: Context,
	connection: ServiceConnection,
	options: { itemIndex?: number; retryPolicy?: RetryPolicy } = {},
): ItemScope<Context> {
	return {
		context,
		connection,
		itemIndex: options.itemIndex ?? 0,
		retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
		nodeVersion: context.getNode().typeVersion,
	};
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
	/** Set for anything but a read: a create or upload is not resent on an unknown outcome. */
	changes?: ChangeRequest;
}

/** Resolves the credential and its environment once per node run. */
export async function connectService(
	context: ServiceContext,
	service: ServiceDefinition,
	control: ConnectionControl = {},
	itemIndex = 0,
): Promise<ServiceConnection> {
	const credentials = await context.getCredentials(service.credentialType, itemIndex);
	const secrets = service.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string');
	const environment =
		(credentials.environment as string | undefined) || defaultEnvironment(service.environments);
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(
			service.environments,
			environment,
			credentials.baseUrl as string | undefined,
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
	const gate = new RateGate({
		requestsPerSecond: control.requestsPerSecond,
		sleep: async (ms) => await sleep(ms),
	});
	const requestsInFlight = new Semaphore(control.maxRequestsInFlight ?? Number.POSITIVE_INFINITY);
	return {
		service,
		baseUrl,
		environment,
		credentials,
		secrets,
		gate,
		timeoutMs: control.timeoutMs,
		requestsInFlight,
	};
}

/**
 * Connects on first use and shares the connection across the run's items; a broken
 * credential then fails each item (so "continue on error" still yields every item).
 */
export function sharedConnection(
	context: ServiceContext,
	service: ServiceDefinition,
	control: ConnectionControl = {},
): () => Promise<ServiceConnection> {
	let connection: Promise<ServiceConnection> | undefined;
	return async () => {
		connection ??= connectService(context, service, control);
		// Each item gets its own error object: items name themselves in it.
		return await connection.catch((error: Error & { description?: string }) => {
			throw new NodeOperationError(context.getNode(), error.message, {
				description: error.description ?? undefined,
			});
		});
	};
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
	const deadlineMs =
		(connection.timeoutMs ?? DEFAULT_TIMEOUT_MS) * (request.limit ? FILE_DEADLINE_TIMEOUTS : 1);
	let attempts = 1;
	let response: HttpResponse<Buffer>;
	try {
		// The slot is held through retries: a request waiting to retry still counts as in flight.
		response = await connection.requestsInFlight.run(
			async () =>
				await sendWithRetry<Buffer>(
					async () => {
						const startedAt = Date.now();
						// Aborted when the body goes silent: the HTTP client stops watching the socket once the headers are in.
						const abort = new AbortController();
						// n8n binds the helper to its own context; the narrow type cannot say so.
						const answer = (await context.helpers.httpRequestWithAuthentication.call(
							context as IAllExecuteFunctions,
							connection.service.credentialType,
							{ ...options, abortSignal: abort.signal },
						)) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
						return await readAnswer(answer, limit, {
							idleTimeoutMs: connection.timeoutMs,
							abandon: () => abort.abort(),
							deadline: { at: startedAt + deadlineMs, afterMs: deadlineMs },
						});
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
		throw transportFailure(scope, request, error, attempts);
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

interface ReadTiming {
	idleTimeoutMs?: number;
	/** Aborts the request: reading was given up. */
	abandon?: () => void;
	deadline: { at: number; afterMs: number };
}

/** Reads an answer's body within its limit: a success up to the limit, an error's first MB, a redirect's not at all. */
async function readAnswer(
	answer: { statusCode: number; headers: Record<string, unknown>; body: unknown },
	limit: ResponseLimit,
	timing: ReadTiming,
): Promise<HttpResponse<Buffer>> {
	const headers = answer.headers ?? {};
	if (isRedirect(answer)) {
		timing.abandon?.();
		discardBody(answer.body);
		return { statusCode: answer.statusCode, headers, body: Buffer.alloc(0) };
	}
	const succeeded = answer.statusCode >= 200 && answer.statusCode < 300;
	const length = Number(headerValue(headers, 'content-length'));
	return {
		statusCode: answer.statusCode,
		headers,
		body: await bodyToBuffer(answer.body, Number.isFinite(length) ? length : undefined, {
			idleTimeoutMs: timing.idleTimeoutMs,
			abandon: timing.abandon,
			deadline: timing.deadline,
			maxBytes: succeeded ? limit.maxBytes : ERROR_BODY_BYTES,
			overLimit: succeeded ? 'fail' : 'truncate',
		}),
	};
}

function isRedirect(response: { statusCode: number }): boolean {
	return response.statusCode >= 300 && response.statusCode < 400;
}

/** Where a redirect points, resolved against the request's URL. */
function redirectTarget(response: HttpResponse<unknown>, requestUrl: string): URL | undefined {
	const location = headerValue(response.headers, 'location');
	if (!location) return undefined;
	try {
		return new URL(location, requestUrl);
	} catch {
		return undefined;
	}
}

/** A redirect from the API, named by status and target host only: its path and query may carry signatures. */
function redirectRefused(
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

/** A failure before a usable answer: a size or time limit, an unknown outcome, or the network. */
function transportFailure(
	scope: ItemScope,
	request: ServiceRequest,
	error: unknown,
	attempts: number,
): NodeOperationError {
	const { context, connection, itemIndex } = scope;
	const title = connection.service.title;
	const host = new URL(connection.baseUrl).host;
	if (error instanceof BodyLimitError)
		return limitRefused(scope, title, request.limit ?? JSON_ANSWER_LIMIT, error);
	const cause = redactSecrets(
		describeNetworkFailure(error, connection.timeoutMs),
		connection.secrets,
	);
	if (!isIdempotent(request) && isTransientNetworkError(error) && !isNotSentNetworkError(error)) {
		return new NodeOperationError(
			context.getNode(),
			`The outcome is unknown: the connection to ${host} failed after the request was sent (${cause})`,
			{
				itemIndex,
				description: `${title} may have processed it, so it was not sent again. ${request.changes?.ifUnsure ?? 'Check the service before running the node again.'} To resend such requests anyway, turn on "Resend When Outcome Unknown".`,
			},
		);
	}
	return new NodeOperationError(context.getNode(), `Could not reach ${host}: ${cause}`, {
		itemIndex,
		description: `${attempts === 1 ? 'Tried once' : `Tried ${attempts} times`}. Check the credential's environment or Base URL, and that n8n can reach the host; if the service is slow rather than down, raise the Timeout option.`,
	});
}

/** The error for an answer refused by its size or its deadline, naming the limit and the option that raises it. */
function limitRefused(
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

/** Redirect hops a file download follows, each checked like the first URL. */
const MAX_FILE_REDIRECTS = 5;

class RefusedUrlError extends Error {}

/**
 * Downloads a file from a URL the service handed out (e.g. a CDN link), without
 * the credential: the key must not travel to another host. Same retry policy,
 * timeout and bound on requests in flight as the service's own requests; only URLs
 * that pass fileUrlRefusal are fetched, redirects included.
 */
export async function downloadFile(
	scope: ItemScope,
	url: string,
	limit: ResponseLimit,
): Promise<HttpResponse<Buffer>> {
	const { context, connection, itemIndex } = scope;
	const timeoutMs = connection.timeoutMs;
	const deadlineMs = (timeoutMs ?? DEFAULT_TIMEOUT_MS) * FILE_DEADLINE_TIMEOUTS;
	const fetchFollowing = async (): Promise<HttpResponse<Buffer>> => {
		const startedAt = Date.now();
		let current = url;
		for (let hop = 0; ; hop++) {
			const refusal = fileUrlRefusal(connection, current);
			if (refusal)
				throw new RefusedUrlError(
					`${hop ? `it redirects to ${describeUrl(current)}, and ` : ''}${refusal}`,
				);
			const abort = new AbortController();
			const answer = (await context.helpers.httpRequest({
				method: 'GET',
				url: current,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: timeoutMs,
				abortSignal: abort.signal,
			})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
			const response = await readAnswer(answer, limit, {
				idleTimeoutMs: timeoutMs,
				abandon: () => abort.abort(),
				deadline: { at: startedAt + deadlineMs, afterMs: deadlineMs },
			});
			const next = isRedirect(response) ? redirectTarget(response, current) : undefined;
			if (!next || hop >= MAX_FILE_REDIRECTS) return response;
			current = next.href;
		}
	};
	const attempt = await connection.requestsInFlight
		.run(
			async () =>
				await sendWithRetry<Buffer>(fetchFollowing, {
					policy: scope.retryPolicy,
					sleep: async (ms) => await sleep(ms),
				}),
		)
		.then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
	if ('error' in attempt) {
		const { error } = attempt;
		if (error instanceof BodyLimitError)
			throw limitRefused(scope, `The host of ${describeUrl(url)}`, limit, error);
		if (error instanceof RefusedUrlError) {
			throw new NodeOperationError(
				context.getNode(),
				`Refused to download ${describeUrl(url)}: ${error.message}`,
				{
					itemIndex,
					description:
						"Files the service links to are fetched only over https (or from the API's own address), from hosts the credential's Allowed Domains list when it has one. Add the host there if you trust it.",
				},
			);
		}
		throw new NodeOperationError(
			context.getNode(),
			`Could not download ${describeUrl(url)}: ${failureWithoutUrl(scope, error, timeoutMs, url)}`,
			{
				itemIndex,
				description: 'Check that n8n can reach the host. Transient failures were retried.',
			},
		);
	}
	return attempt.response;
}

/**
 * The network failure in words, with the URL's query string (a signed link's signature)
 * and the credential's secrets taken out of whatever the HTTP client wrote.
 */
function failureWithoutUrl(
	scope: ItemScope,
	error: unknown,
	timeoutMs: number | undefined,
	url: string,
): string {
	const said = describeNetworkFailure(error, timeoutMs).split(url).join(describeUrl(url));
	return redactSecrets(said, scope.connection.secrets);
}

/** Host and path of a URL, without a query string that may hold a signature. */
export function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the file URL';
	}
}

export function isSuccess(response: HttpResponse<Buffer>): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

/**
 * Parses a JSON response body; a body that is not JSON (a proxy's or sign-in page) is a
 * clear error, not a crash. `allowEmpty` takes an empty body as `{}`; `consequence`
 * tells the user what the failure means for their data.
 */
export function jsonBody<T = IDataObject>(
	scope: ItemScope,
	response: HttpResponse<Buffer>,
	options: { allowEmpty?: boolean; consequence?: string } = {},
): T {
	const { context, itemIndex } = scope;
	const parsed = providerBody(scope, response);
	if (parsed === undefined && options.allowEmpty) return {} as T;
	if (parsed === undefined || typeof parsed === 'string') {
		throw new NodeOperationError(
			context.getNode(),
			'The service answered with a body that is not JSON',
			{
				itemIndex,
				description: `HTTP ${response.statusCode}. ${options.consequence ? `${options.consequence} ` : ''}Check that the credential's environment points at the API host, not a web page.`,
			},
		);
	}
	return parsed as T;
}

/**
 * The parsed body of an answer with every secret masked: what the provider says goes
 * into output and errors, and a server may echo the key back.
 */
export function providerBody(scope: ItemScope, response: HttpResponse<Buffer>): unknown {
	return redactDeep(parseResponseBody(response.body), scope.connection.secrets);
}

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
