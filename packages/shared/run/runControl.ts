/**
 * The request-control options (Concurrency, Max Requests per Second, Max Retries,
 * Timeout) turned into the bounds they imply. Their UI is descriptions/requestControl.ts;
 * both use the declarations below, so the collection they are read from cannot silently differ.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry';
import { readPositive, readWholeNumber, wholeNumberWithin, type NumberOption } from './options';

/** The collection every operation keeps its options in, request control included. */
export const OPTIONS_COLLECTION = 'options';

/** An item's Options collection; empty when none is set. */
export function optionsOf(
	context: Pick<IExecuteFunctions, 'getNodeParameter'>,
	itemIndex: number,
): IDataObject {
	return context.getNodeParameter(OPTIONS_COLLECTION, itemIndex, {}) as IDataObject;
}

/** The names of the request-control options inside that collection. */
export const REQUEST_CONTROL = {
	/** Shown as "Concurrency": requests in flight at once. */
	requestsInFlight: 'concurrency',
	requestsPerSecond: 'requestsPerSecond',
	maxRetries: 'maxRetries',
	timeoutSeconds: 'timeoutSeconds',
} as const;

/** Requests in flight at once, shown as "Concurrency". */
export const CONCURRENCY = {
	name: REQUEST_CONTROL.requestsInFlight,
	default: 4,
	min: 1,
	max: 20,
} as const satisfies NumberOption;
/** 0: no cap. */
export const REQUESTS_PER_SECOND = {
	name: REQUEST_CONTROL.requestsPerSecond,
	default: 0,
	min: 0,
} as const satisfies NumberOption;
export const MAX_RETRIES = {
	name: REQUEST_CONTROL.maxRetries,
	default: DEFAULT_RETRY_POLICY.maxRetries,
	min: 0,
	max: 10,
} as const satisfies NumberOption;
export const TIMEOUT_SECONDS = {
	name: REQUEST_CONTROL.timeoutSeconds,
	default: 300,
	min: 1,
	max: 3600,
} as const satisfies NumberOption;

export function retryPolicyFrom(maxRetries: unknown): RetryPolicy {
	// Only a number counts: text (even "") keeps the default rather than turning retries off.
	const value = typeof maxRetries === 'number' ? maxRetries : undefined;
	return { ...DEFAULT_RETRY_POLICY, maxRetries: wholeNumberWithin(value, MAX_RETRIES) };
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
	const requestsInFlight = readWholeNumber(options, CONCURRENCY);
	return {
		requestsInFlight,
		itemsAtOnce: requestsInFlight * 2,
		requestsPerSecond: readPositive(options, REQUESTS_PER_SECOND),
		timeoutMs: Math.min(readPositive(options, TIMEOUT_SECONDS), TIMEOUT_SECONDS.max) * 1000,
	};
}
