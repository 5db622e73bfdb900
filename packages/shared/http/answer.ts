/**
 * A service's answer: read within its size and time limits, then what it says (a
 * success or not, its JSON, the provider's words with every secret masked).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MB } from '../text/bytes';
import type { ItemScope } from './connection';
import { readResponseBody } from './errors';
import { discardBody } from './bodyLimits';
import { canStream, streamBody, type BodyStream } from './bodyStream';
import { bodyToBuffer } from './responseBody';
import { headerValue, type HttpResponse } from './retry';

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
/** The Timeout when none was given. */
const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * The service's answer; `unknownOutcome` when it failed in a way that may follow processing
 * and was not resent; `stored` when a BodySink took the body (then `body` is empty).
 */
export type ServiceResponse = HttpResponse<Buffer> & { unknownOutcome?: string; stored?: unknown };

/**
 * Where a successful answer's body goes instead of memory (n8n's binary store, when that
 * is on disk), with the answer's headers; what it returns comes back as `stored`.
 */
export type BodySink = (body: BodyStream, headers: Record<string, unknown>) => Promise<unknown>;

/** The request header for a file: a ZIP or an image gains nothing from content encoding, and decoding a bomb costs memory. */
export function fileEncodingHeaders(acceptCompressed: boolean | undefined): Record<string, string> {
	return acceptCompressed ? {} : { 'Accept-Encoding': 'identity' };
}

/** An answer as n8n's request helper returns it, its body still a stream. */
export interface RawAnswer {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface ReadTiming {
	idleTimeoutMs?: number;
	/** Aborts the request: reading was given up. */
	abandon?: () => void;
	deadline: { at: number; afterMs: number };
}

/** How long a whole answer may take to arrive: a JSON answer one Timeout, a file FILE_DEADLINE_TIMEOUTS. */
export function answerDeadlineMs(timeoutMs: number | undefined, isFile: boolean): number {
	return (timeoutMs ?? DEFAULT_TIMEOUT_MS) * (isFile ? FILE_DEADLINE_TIMEOUTS : 1);
}

/**
 * Reads an answer's body within its limit: a success up to the limit (or into `sink`, when
 * given and the body is a stream), an error's first MB, a redirect's not at all.
 */
export async function readAnswer(
	answer: RawAnswer,
	limit: ResponseLimit,
	timing: ReadTiming,
	sink?: BodySink,
): Promise<ServiceResponse> {
	const headers = answer.headers ?? {};
	if (isRedirect(answer)) {
		timing.abandon?.();
		discardBody(answer.body);
		return { statusCode: answer.statusCode, headers, body: Buffer.alloc(0) };
	}
	const succeeded = answer.statusCode >= 200 && answer.statusCode < 300;
	const length = Number(headerValue(headers, 'content-length'));
	const announced = Number.isFinite(length) ? length : undefined;
	if (succeeded && sink && canStream(answer.body)) {
		const stored = await streamBody(
			answer.body,
			announced,
			{ ...timing, maxBytes: limit.maxBytes },
			async (body) => await sink(body, headers),
		);
		return { statusCode: answer.statusCode, headers, body: Buffer.alloc(0), stored };
	}
	return {
		statusCode: answer.statusCode,
		headers,
		body: await bodyToBuffer(answer.body, announced, {
			idleTimeoutMs: timing.idleTimeoutMs,
			abandon: timing.abandon,
			deadline: timing.deadline,
			maxBytes: succeeded ? limit.maxBytes : ERROR_BODY_BYTES,
			overLimit: succeeded ? 'fail' : 'truncate',
		}),
	};
}

export function isRedirect(response: { statusCode: number }): boolean {
	return response.statusCode >= 300 && response.statusCode < 400;
}

/** Where a redirect points, resolved against the request's URL. */
export function redirectTarget(
	response: HttpResponse<unknown>,
	requestUrl: string,
): URL | undefined {
	const location = headerValue(response.headers, 'location');
	if (!location) return undefined;
	try {
		return new URL(location, requestUrl);
	} catch {
		return undefined;
	}
}

export function isSuccess(response: HttpResponse<Buffer>): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

/**
 * Parses a JSON response body; a body that is not JSON (a proxy's or sign-in page) is a
 * clear error, not a crash, and so is JSON nested deeper than any answer of these APIs.
 * `allowEmpty` takes an empty body as `{}`; `consequence` tells the user what the
 * failure means for their data.
 */
export function jsonBody<T = IDataObject>(
	scope: ItemScope,
	response: HttpResponse<Buffer>,
	options: { allowEmpty?: boolean; consequence?: string } = {},
): T {
	const { context, connection, itemIndex } = scope;
	const consequence = options.consequence ? `${options.consequence} ` : '';
	const read = readResponseBody(response.body, connection.secrets);
	if ('tooDeep' in read) {
		throw new NodeOperationError(
			context.getNode(),
			`${connection.service.title} answered with JSON nested more than ${read.tooDeep} levels deep; it was not read`,
			{
				itemIndex,
				description: `HTTP ${response.statusCode}. ${consequence}This API's answers are a few levels deep, so this one is broken or not from the API. Check the credential's environment or Base URL.`,
			},
		);
	}
	const parsed = read.body;
	if (parsed === undefined && options.allowEmpty) return {} as T;
	if (parsed === undefined || typeof parsed === 'string') {
		throw new NodeOperationError(
			context.getNode(),
			'The service answered with a body that is not JSON',
			{
				itemIndex,
				description: `HTTP ${response.statusCode}. ${consequence}Check that the credential's environment points at the API host, not a web page.`,
			},
		);
	}
	return parsed as T;
}

/**
 * The parsed body of an answer with every secret masked: what the provider says goes
 * into output and errors, and a server may echo the key back. JSON nested too deep is
 * not read: its place holds a note saying so.
 */
export function providerBody(scope: ItemScope, response: HttpResponse<Buffer>): unknown {
	const read = readResponseBody(response.body, scope.connection.secrets);
	return 'tooDeep' in read
		? `a JSON body nested more than ${read.tooDeep} levels deep, not read`
		: read.body;
}
