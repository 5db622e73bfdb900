import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	CONCURRENCY,
	MAX_RETRIES,
	OPTIONS_COLLECTION,
	REQUESTS_PER_SECOND,
	TIMEOUT_SECONDS,
} from '../run/runControl';
import { numberOptionFields } from './numberOption';

/** The request-control options every operation offers, with the bounds they imply (see run/runControl.ts). */
export const requestControlOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		...numberOptionFields(CONCURRENCY),
		description:
			'How many requests this node has in flight at once; meanwhile as many more items can be unzipped or stored. Output order always follows input order; 1 sends the requests strictly one after another.',
	},
	{
		displayName: 'Max Requests per Second',
		...numberOptionFields(REQUESTS_PER_SECOND, { numberPrecision: 2 }),
		description:
			"Cap on this node's request rate, 0 for none. Socure's sandbox allows 10 per second per key, Verifik about 1,000 an hour.",
	},
	{
		displayName: 'Max Retries',
		...numberOptionFields(MAX_RETRIES),
		description:
			'How often to retry a request that hit a rate limit (429), a lock (423), a timeout (408 or Timeout below), a server error (5xx) or a network failure. Waits follow Retry-After or X-RateLimit-Reset, otherwise 0.5 s doubling, at most 30 s each; a 429 pauses every request of the run. Other errors are never retried.',
	},
	{
		displayName: 'Timeout (Seconds)',
		...numberOptionFields(TIMEOUT_SECONDS),
		description:
			'Give up on an attempt when the service has sent nothing for this long, before or during the answer; the attempt is then retried (see Max Retries). Large archives on a slow link may need more.',
	},
];

/** For a create or upload: whether Max Retries may resend it when it may already have been processed. */
export const resendWhenUnsureOption: INodeProperties = {
	displayName: 'Resend When Outcome Unknown',
	name: 'resendWhenUnsure',
	type: 'boolean',
	default: false,
	description:
		'Whether Max Retries may resend the request after a failure that can follow processing (a connection cut after sending, a 500). Off: it is resent only after a 429, a 423, a 503 with Retry-After or a refused connection, so nothing is created or linked twice.',
};

export function readResendWhenUnsure(options: IDataObject): boolean {
	return options[resendWhenUnsureOption.name] === true;
}

/**
 * An operation's Options collection: its own options plus the request-control ones,
 * sorted by display name, under the one name the router reads them from.
 */
export function optionsCollection(operationOptions: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: OPTIONS_COLLECTION,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...operationOptions, ...requestControlOptions].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}
