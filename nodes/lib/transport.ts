/**
 * The one door to the network for every node: resolves the credential's
 * environment, sends through n8n's authenticated request helper with the shared
 * retry policy, and turns failures into NodeApiErrors that never carry a secret.
 * Each service's transport is a thin layer over this, handing it its ServiceDefinition.
 */
import type { IAllExecuteFunctions, IDataObject, IHttpRequestMethods, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { bodyToBuffer } from './body';
import { Semaphore } from './concurrency';
import { defaultEnvironment, resolveBaseUrl } from './environments';
import { describeNetworkFailure, genericStatusAdvice, parseResponseBody, providerMessage, redactDeep, redactSecrets } from './errors';
import { RateGate } from './rateGate';
import { DEFAULT_RETRY_POLICY, headerValue, sendWithRetry, type HttpResponse, type RetryPolicy } from './retry';
import type { ApiErrorWording, ServiceContext, ServiceDefinition } from './service';

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
	const environment = (credentials.environment as string | undefined) || defaultEnvironment(service.environments);
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(service.environments, environment, credentials.baseUrl as string | undefined);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
	const gate = new RateGate({ requestsPerSecond: control.requestsPerSecond, sleep: async (ms) => await sleep(ms) });
	const requestsInFlight = new Semaphore(control.maxRequestsInFlight ?? Number.POSITIVE_INFINITY);
	return { service, baseUrl, environment, credentials, secrets, gate, timeoutMs: control.timeoutMs, requestsInFlight };
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
			throw new NodeOperationError(context.getNode(), error.message, { description: error.description ?? undefined });
		});
	};
}

/**
 * Sends a request and returns the response whatever its status (after retries),
 * with the body as a Buffer. Network failures that outlast the retries become a
 * NodeOperationError naming the host, never the credential.
 */
export async function sendServiceRequest(scope: ItemScope, request: ServiceRequest): Promise<HttpResponse<Buffer>> {
	const { context, connection, itemIndex } = scope;
	const isJsonBody =
		request.body !== undefined &&
		request.body !== null &&
		typeof request.body === 'object' &&
		!Buffer.isBuffer(request.body);
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
		// A stream, read into a Buffer of the announced length: no transient second copy.
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: connection.timeoutMs,
		...(request.arrayFormat ? { arrayFormat: request.arrayFormat } : {}),
	};
	let attempts = 1;
	try {
		// The slot is held through retries: a request waiting to retry still counts as in flight.
		return await connection.requestsInFlight.run(async () => await sendWithRetry<Buffer>(
			async () => {
				// n8n binds the helper to its own context; the narrow type cannot say so.
				const response = (await context.helpers.httpRequestWithAuthentication.call(
					context as IAllExecuteFunctions,
					connection.service.credentialType,
					options,
				)) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
				const headers = response.headers ?? {};
				const length = Number(headerValue(headers, 'content-length'));
				return {
					statusCode: response.statusCode,
					headers,
					body: await bodyToBuffer(response.body, Number.isFinite(length) ? length : undefined, { idleTimeoutMs: connection.timeoutMs }),
				};
			},
			{
				policy: scope.retryPolicy,
				gate: connection.gate,
				sleep: async (ms) => await sleep(ms),
				onRetry: ({ retryIndex, delayMs, reason }) => {
					attempts++;
					context.logger.debug(
						`${connection.service.title}: ${reason} on ${request.method} ${request.path}, retry ${retryIndex + 1} in ${delayMs} ms`,
					);
				},
			},
		));
	} catch (error) {
		const host = new URL(connection.baseUrl).host;
		const cause = redactSecrets(describeNetworkFailure(error, options.timeout), connection.secrets);
		throw new NodeOperationError(context.getNode(), `Could not reach ${host}: ${cause}`, {
			itemIndex,
			description: `${attempts === 1 ? 'Tried once' : `Tried ${attempts} times`}. Check the credential's environment or Base URL, and that n8n can reach the host; if the service is slow rather than down, raise the Timeout option.`,
		});
	}
}

/**
 * Downloads a file from a URL the service handed out (e.g. a CDN link), without
 * the credential: the key must not travel to another host. Same retry policy,
 * timeout and bound on requests in flight as the service's own requests.
 */
export async function downloadFile(scope: ItemScope, url: string): Promise<HttpResponse<Buffer>> {
	const { context, connection, itemIndex } = scope;
	const timeoutMs = connection.timeoutMs;
	const attempt = await connection.requestsInFlight.run(async () => await sendWithRetry<Buffer>(
		async () => {
			const response = (await context.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: timeoutMs,
			})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
			return { statusCode: response.statusCode, headers: response.headers ?? {}, body: await bodyToBuffer(response.body) };
		},
		{ policy: scope.retryPolicy, sleep: async (ms) => await sleep(ms) },
	)).then(
		(response) => ({ response }),
		(error: unknown) => ({ error }),
	);
	if ('error' in attempt) {
		throw new NodeOperationError(context.getNode(), `Could not download ${describeUrl(url)}: ${describeNetworkFailure(attempt.error, timeoutMs)}`, {
			itemIndex,
			description: 'Check that n8n can reach the host. Transient failures were retried.',
		});
	}
	return attempt.response;
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
	const parsed = parseResponseBody(response.body);
	if (parsed === undefined && options.allowEmpty) return {} as T;
	if (parsed === undefined || typeof parsed === 'string') {
		throw new NodeOperationError(context.getNode(), 'The service answered with a body that is not JSON', {
			itemIndex,
			description: `HTTP ${response.statusCode}. ${options.consequence ? `${options.consequence} ` : ''}Check that the credential's environment points at the API host, not a web page.`,
		});
	}
	return parsed as T;
}

/**
 * A NodeApiError for a failed response, worded by the call's own mapping, else the
 * service's wording for that status, else generic advice; scrubbed of secrets.
 */
export function apiError(scope: ItemScope, response: HttpResponse<Buffer>, wording?: ApiErrorWording): NodeApiError {
	const { context, connection, itemIndex } = scope;
	const body = parseResponseBody(response.body);
	const fromProvider = providerMessage(body);
	const chosen =
		wording ??
		connection.service.statusWording?.[response.statusCode]?.({ environment: connection.environment, said: fromProvider });
	const message = chosen?.message ?? `${connection.service.title} answered HTTP ${response.statusCode}${fromProvider ? `: ${fromProvider}` : ''}`;
	const description = chosen?.description ?? genericStatusAdvice(response.statusCode);
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
