import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry';

/** The request-control options every operation offers, with the bounds they imply. */
export const requestControlOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: 4,
		description:
			'How many requests this node has in flight at once; meanwhile as many more items can be unzipped or stored. Output order always follows input order; 1 sends the requests strictly one after another.',
	},
	{
		displayName: 'Max Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			'Cap on this node\'s request rate, 0 for none. Socure\'s sandbox allows 10 per second per key, Verifik about 1,000 an hour.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How often to retry a request that hit a rate limit (429), a lock (423), a timeout (408 or Timeout below), a server error (5xx) or a network failure. Waits follow Retry-After or X-RateLimit-Reset, otherwise 0.5 s doubling, at most 30 s each; a 429 pauses every request of the run. Other errors are never retried.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: 300,
		description:
			'Give up on an attempt when the service has sent nothing for this long, before or during the answer; the attempt is then retried (see Max Retries). Large archives on a slow link may need more.',
	},
];

export function retryPolicyFrom(maxRetries: unknown): RetryPolicy {
	const value = typeof maxRetries === 'number' && Number.isFinite(maxRetries) ? maxRetries : DEFAULT_RETRY_POLICY.maxRetries;
	return { ...DEFAULT_RETRY_POLICY, maxRetries: Math.max(0, Math.min(10, Math.floor(value))) };
}

export interface RunControl {
	/** Requests in flight at once. */
	concurrency: number;
	/** Items worked on at once: twice the requests, so one item's unzipping or storing overlaps another's request. */
	itemsAtOnce: number;
	requestsPerSecond: number;
	/** Longest silence from the service, per attempt. */
	timeoutMs: number;
}

/** Concurrency, pacing and the timeout are per node run: read from the first item's options. */
export function runControlFrom(options: IDataObject): RunControl {
	const concurrency = Number(options.concurrency ?? 4);
	const requestsPerSecond = Number(options.requestsPerSecond ?? 0);
	const timeoutSeconds = Number(options.timeoutSeconds ?? 300);
	const requestsAtOnce = Number.isFinite(concurrency) ? Math.max(1, Math.min(20, Math.floor(concurrency))) : 4;
	return {
		concurrency: requestsAtOnce,
		itemsAtOnce: requestsAtOnce * 2,
		requestsPerSecond: Number.isFinite(requestsPerSecond) && requestsPerSecond > 0 ? requestsPerSecond : 0,
		timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? Math.min(timeoutSeconds, 3600) * 1000 : 300_000,
	};
}
