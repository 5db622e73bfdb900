import { errorChain } from './errors';
import { RateGate } from './rateGate';

/**
 * One answer to "what happens on a 429": which failures are retried, how long to
 * wait, and when to give up. Plain TypeScript: the caller supplies the request and
 * the sleep function (n8n's `sleep` in nodes, a recorder in tests).
 */

export interface HttpResponse<TBody = unknown> {
	statusCode: number;
	headers: Record<string, unknown>;
	body: TBody;
}

export interface RetryPolicy {
	/** Retries after the first attempt; 0 disables retrying. */
	maxRetries: number;
	/** First back-off step; doubles on every retry. */
	baseDelayMs: number;
	/** Longest single wait. A server that asks for longer is not waited for. */
	maxDelayMs: number;
}

/** At most 3 retries, waiting at most 30 s each: under 2 minutes in the worst case. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/** 408 timeout, 423 locked (Unit21: object being updated), 429 rate limit, every 5xx. */
export function isRetryableStatus(statusCode: number): boolean {
	return statusCode === 408 || statusCode === 423 || statusCode === 429 || statusCode >= 500;
}

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);

/** Errors thrown before any HTTP status arrived that are worth another attempt. */
export function isTransientNetworkError(error: unknown): boolean {
	return errorChain(error).some(
		(entry) =>
			(typeof entry.code === 'string' && TRANSIENT_NETWORK_CODES.has(entry.code)) ||
			(typeof entry.message === 'string' && /socket hang up/i.test(entry.message)),
	);
}

/**
 * Failures that prove the request never reached the server: nothing was processed,
 * so even a create or an upload may be sent again.
 */
export function isNotSentNetworkError(error: unknown): boolean {
	return errorChain(error).some(
		(entry) =>
			entry.code === 'ECONNREFUSED' || entry.code === 'EAI_AGAIN' || entry.code === 'ENOTFOUND',
	);
}

/**
 * Answers that say the server did not process the request (a rate limit, a lock, an
 * outage with a stated Retry-After): the only ones a create or upload is resent after.
 */
export function isNotProcessedStatus(response: HttpResponse<unknown>): boolean {
	if (response.statusCode === 429 || response.statusCode === 423) return true;
	return response.statusCode === 503 && headerValue(response.headers, 'retry-after') !== undefined;
}

export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/**
 * How long the server asked us to wait, in ms: `Retry-After` (seconds or HTTP date),
 * else `X-RateLimit-Reset` (UTC epoch seconds, Unit21). Undefined when it did not say.
 */
export function serverRequestedDelayMs(
	headers: Record<string, unknown>,
	nowMs: number,
): number | undefined {
	const retryAfter = headerValue(headers, 'retry-after')?.trim();
	if (retryAfter) {
		if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
	}
	const reset = headerValue(headers, 'x-ratelimit-reset')?.trim();
	if (reset && /^\d+(\.\d+)?$/.test(reset)) {
		return Math.max(0, Math.round(Number(reset) * 1000 - nowMs));
	}
	return undefined;
}

/** Exponential back-off with up to 25 % jitter so parallel clients do not align. */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: number): number {
	const exponential = policy.baseDelayMs * 2 ** retryIndex;
	return Math.min(policy.maxDelayMs, Math.round(exponential * (1 + 0.25 * random)));
}

export interface RetryContext {
	policy: RetryPolicy;
	sleep: (ms: number) => Promise<void>;
	/** Shared by the requests of one node run: paces them and makes them back off together. */
	gate?: RateGate;
	now?: () => number;
	random?: () => number;
	/**
	 * False for a request that changes something (a create, an upload): it is then resent
	 * only after a failure that proves it was not processed. Default true.
	 */
	idempotent?: boolean;
	/** Called before each wait; for logging without knowing the request. */
	onRetry?: (event: { retryIndex: number; delayMs: number; reason: string }) => void;
}

/**
 * Sends, and sends again while the answer is retryable and the policy allows.
 * Returns the last response (a retryable status included once retries are spent);
 * rethrows the last network error.
 */
export async function sendWithRetry<T>(
	send: () => Promise<HttpResponse<T>>,
	context: RetryContext,
): Promise<HttpResponse<T>> {
	const now = context.now ?? Date.now;
	const random = context.random ?? Math.random;
	const gate = context.gate ?? new RateGate({ sleep: context.sleep, now });
	const idempotent = context.idempotent ?? true;
	for (let retryIndex = 0; ; retryIndex++) {
		const canRetry = retryIndex < context.policy.maxRetries;
		await gate.acquire();
		const attempt = await send().then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in attempt) {
			if (!canRetry || !isTransientNetworkError(attempt.error)) throw attempt.error;
			// After the request went out, a broken connection says nothing about whether it was processed.
			if (!idempotent && !isNotSentNetworkError(attempt.error)) throw attempt.error;
			const delayMs = backoffDelayMs(retryIndex, context.policy, random());
			context.onRetry?.({ retryIndex, delayMs, reason: 'network error' });
			await context.sleep(delayMs);
			continue;
		}
		const { response } = attempt;
		if (!canRetry || !isRetryableStatus(response.statusCode)) return response;
		if (!idempotent && !isNotProcessedStatus(response)) return response;
		const requested = serverRequestedDelayMs(response.headers, now());
		if (requested !== undefined && requested > context.policy.maxDelayMs) return response;
		const delayMs = requested ?? backoffDelayMs(retryIndex, context.policy, random());
		context.onRetry?.({ retryIndex, delayMs, reason: `HTTP ${response.statusCode}` });
		if (response.statusCode === 429) {
			// A rate limit applies to the key: the whole run waits, not just this request.
			gate.pauseUntil(now() + delayMs);
		} else {
			await context.sleep(delayMs);
		}
	}
}
