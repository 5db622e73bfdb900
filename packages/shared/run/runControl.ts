/**
 * The request-control options (Concurrency, Max Requests per Second, Max Retries,
 * Timeout) turned into the bounds they imply. Their UI is nodes/descriptions/requestControl.ts;
 * both use the names below, so the collection they are read from cannot silently differ.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry';

/** The collection every operation keeps its options in, request control included. */
export const OPTIONS_COLLECTION = 'options';

/** The names of the request-control options inside that collection. */
export const REQUEST_CONTROL = {
	/** Shown as "Concurrency": requests in flight at once. */
	requestsInFlight: 'concurrency',
	requestsPerSecond: 'requestsPerSecond',
	maxRetries: 'maxRetries',
	timeoutSeconds: 'timeoutSeconds',
} as const;

export function retryPolicyFrom(maxRetries: unknown): RetryPolicy {
	const value =
		typeof maxRetries === 'number' && Number.isFinite(maxRetries)
			? maxRetries
			: DEFAULT_RETRY_POLICY.maxRetries;
	return { ...DEFAULT_RETRY_POLICY, maxRetries: Math.max(0, Math.min(10, Math.floor(value))) };
}

export interface RunControl {
	/** Requests in flight at once (the "Concurrency" option). */
	requestsInFlight: number;
	/** Items worked on at once: twice the requests, so one item's unzipping or storing overlaps another's request. */
	itemsAtOnce: number;
	requestsPerSecond: number;
	/** Longest silence from the service, per attempt. */
	timeoutMs: number;
}

/** Concurrency, pacing and the timeout are per node run: read from the first item's options. */
export function runControlFrom(options: IDataObject): RunControl {
	const concurrency = Number(options[REQUEST_CONTROL.requestsInFlight] ?? 4);
	const requestsPerSecond = Number(options[REQUEST_CONTROL.requestsPerSecond] ?? 0);
	const timeoutSeconds = Number(options[REQUEST_CONTROL.timeoutSeconds] ?? 300);
	const requestsInFlight = Number.isFinite(concurrency)
		? Math.max(1, Math.min(20, Math.floor(concurrency)))
		: 4;
	return {
		requestsInFlight,
		itemsAtOnce: requestsInFlight * 2,
		requestsPerSecond:
			Number.isFinite(requestsPerSecond) && requestsPerSecond > 0 ? requestsPerSecond : 0,
		timeoutMs:
			Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
				? Math.min(timeoutSeconds, 3600) * 1000
				: 300_000,
	};
}
