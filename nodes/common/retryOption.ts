import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/retry';

/** The "Max Retries" option every node offers, with the bound it implies. */
export const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: 3, // DEFAULT_RETRY_POLICY.maxRetries
	description:
		'How often to retry a request that hit a rate limit (429), a lock (423), a timeout (408), a server error (5xx) or a network failure. Waits follow Retry-After or X-RateLimit-Reset, otherwise 0.5 s doubling, at most 30 s each. Other errors are never retried.',
};

export function retryPolicyFrom(maxRetries: unknown): RetryPolicy {
	const value = typeof maxRetries === 'number' && Number.isFinite(maxRetries) ? maxRetries : DEFAULT_RETRY_POLICY.maxRetries;
	return { ...DEFAULT_RETRY_POLICY, maxRetries: Math.max(0, Math.min(10, Math.floor(value))) };
}
