/**
 * The one door to the network for every node: resolves the credential's
 * environment, sends through n8n's authenticated request helper with the shared
 * retry policy, and turns failures into NodeApiErrors that never carry a secret.
 * Each service's transport is a thin layer over this.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { bodyToBuffer } from './body';
import { Semaphore } from './concurrency';
import { resolveBaseUrl, type ServiceName } from './environments';
import { describeNetworkFailure, genericStatusAdvice, parseResponseBody, providerMessage, redactDeep, redactSecrets } from './errors';
import { RateGate } from './rateGate';
import { DEFAULT_RETRY_POLICY, headerValue, sendWithRetry, type HttpResponse, type RetryPolicy } from './retry';

export interface ServiceCredentials {
	/** The credential type name, e.g. `socureRiskOsApi`. */
	type: string;
	service: ServiceName;
	/** Credential fields that hold secrets, masked in anything a user sees. */
	secretFields: string[];
}

export interface ConnectedService {
	baseUrl: string;
	credentials: IDataObject;
	secrets: string[];
	definition: ServiceCredentials;
	/** Paces every request of this node run to the service. */
	gate: RateGate;
	/** Longest silence from the service per attempt. */
	timeoutMs?: number;
	/** Bounds this node run's requests in flight (retries included). */
	requests: Semaphore;
}

/** Per node run: how many requests at once, how fast, and how long to wait. */
export interface ConnectionControl {
	concurrency?: number;
	requestsPerSecond?: number;
	timeoutMs?: number;
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
	context: IExecuteFunctions,
	definition: ServiceCredentials,
	control: ConnectionControl = {},
	itemIndex = 0,
): Promise<ConnectedService> {
	const credentials = await context.getCredentials(definition.type, itemIndex);
	const secrets = definition.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string');
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(
			definition.service,
			credentials.environment as string | undefined,
			credentials.baseUrl as string | undefined,
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
	const gate = new RateGate({ requestsPerSecond: control.requestsPerSecond, sleep: async (ms) => await sleep(ms) });
	const requests = new Semaphore(control.concurrency ?? Number.POSITIVE_INFINITY);
	return { baseUrl, credentials, secrets, definition, gate, timeoutMs: control.timeoutMs, requests };
}

/**
 * Connects on first use and shares the connection across the run's items; a broken
 * credential then fails each item (so "continue on error" still yields every item).
 */
export function sharedConnection(
	context: IExecuteFunctions,
	definition: ServiceCredentials,
	control: ConnectionControl = {},
): () => Promise<ConnectedService> {
	let connection: Promise<ConnectedService> | undefined;
	return async () => {
		connection ??= connectService(context, definition, control);
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
export async function sendServiceRequest(
	context: IExecuteFunctions,
	service: ConnectedService,
	request: ServiceRequest,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<HttpResponse<Buffer>> {
	const isJsonBody =
		request.body !== undefined &&
		request.body !== null &&
		typeof request.body === 'object' &&
		!Buffer.isBuffer(request.body);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${service.baseUrl}${request.path}`,
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
		timeout: service.timeoutMs,
		...(request.arrayFormat ? { arrayFormat: request.arrayFormat } : {}),
	};
	let attempts = 1;
	try {
		// The slot is held through retries: a request waiting to retry still counts as in flight.
		return await service.requests.run(async () => await sendWithRetry<Buffer>(
			async () => {
				const response = (await context.helpers.httpRequestWithAuthentication.call(
					context,
					service.definition.type,
					options,
				)) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
				const headers = response.headers ?? {};
				const length = Number(headerValue(headers, 'content-length'));
				return {
					statusCode: response.statusCode,
					headers,
					body: await bodyToBuffer(response.body, Number.isFinite(length) ? length : undefined, { idleTimeoutMs: service.timeoutMs }),
				};
			},
			{
				policy,
				gate: service.gate,
				sleep: async (ms) => await sleep(ms),
				onRetry: ({ retryIndex, delayMs, reason }) => {
					attempts++;
					context.logger.debug(
						`${service.definition.service}: ${reason} on ${request.method} ${request.path}, retry ${retryIndex + 1} in ${delayMs} ms`,
					);
				},
			},
		));
	} catch (error) {
		const host = new URL(service.baseUrl).host;
		const cause = redactSecrets(describeNetworkFailure(error, options.timeout), service.secrets);
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
export async function downloadFile(
	context: IExecuteFunctions,
	service: ConnectedService,
	url: string,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<HttpResponse<Buffer>> {
	const timeoutMs = service.timeoutMs;
	const attempt = await service.requests.run(async () => await sendWithRetry<Buffer>(
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
		{ policy, sleep: async (ms) => await sleep(ms) },
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
	context: IExecuteFunctions,
	response: HttpResponse<Buffer>,
	itemIndex: number,
	options: { allowEmpty?: boolean; consequence?: string } = {},
): T {
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

export interface ApiErrorWording {
	message: string;
	description?: string;
}

/**
 * A NodeApiError for a failed response, worded by the service's own mapping
 * (falling back to generic advice) and scrubbed of secrets.
 */
export function apiError(
	context: IExecuteFunctions,
	service: ConnectedService,
	response: HttpResponse<Buffer>,
	itemIndex: number,
	wording?: ApiErrorWording,
): NodeApiError {
	const body = parseResponseBody(response.body);
	const fromProvider = providerMessage(body);
	const message = wording?.message ?? `${serviceTitle(service)} answered HTTP ${response.statusCode}${fromProvider ? `: ${fromProvider}` : ''}`;
	const description = wording?.description ?? genericStatusAdvice(response.statusCode);
	const errorResponse = redactDeep(
		{
			httpCode: String(response.statusCode),
			message,
			...(body !== undefined ? { body: body as JsonObject } : {}),
		},
		service.secrets,
	) as JsonObject;
	return new NodeApiError(context.getNode(), errorResponse, {
		message: redactSecrets(message, service.secrets),
		description: redactSecrets(description, service.secrets),
		httpCode: String(response.statusCode),
		itemIndex,
	});
}

function serviceTitle(service: ConnectedService): string {
	return { socureRiskOs: 'Socure RiskOS', verifik: 'Verifik', unit21: 'Unit21' }[service.definition.service];
}
