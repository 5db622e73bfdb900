/**
 * Downloads a file from a URL the service handed out (e.g. a CDN link), without the
 * credential, following and checking redirects itself.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	answerDeadlineMs,
	fileEncodingHeaders,
	isRedirect,
	readAnswer,
	redirectTarget,
	type RawAnswer,
	type ResponseLimit,
} from './answer';
import type { ItemScope } from './connection';
import { ItemNotStarted } from '../run/stopOnFailure';
import { describeNetworkFailure, redactSecrets } from './errors';
import { limitRefused } from './failures';
import { checkFileUrl } from './fileUrls';
import { BodyLimitError } from './bodyLimits';
import { sendWithRetry, type HttpResponse } from './retry';
import { executionCancelSignal } from './service';

/** Redirect hops a file download follows, each checked like the first URL. */
const MAX_FILE_REDIRECTS = 5;

class RefusedUrlError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
	}
}

/**
 * Downloads a file from a URL the service handed out (e.g. a CDN link), without
 * the credential: the key must not travel to another host. Same retry policy,
 * timeout and bound on requests in flight as the service's own requests; only URLs
 * that pass checkFileUrl are fetched, redirects included, asked for without content
 * encoding unless `acceptCompressed`. Cancelling the execution closes the connection at
 * once (n8n attaches its cancel signal to authenticated requests only).
 */
export async function downloadFile(
	scope: ItemScope,
	url: string,
	limit: ResponseLimit,
	options: { acceptCompressed?: boolean } = {},
): Promise<HttpResponse<Buffer>> {
	const { context, connection, itemIndex } = scope;
	const timeoutMs = connection.timeoutMs;
	const deadlineMs = answerDeadlineMs(timeoutMs, true);
	const canceled = executionCancelSignal(context);
	const fetchFollowing = async (): Promise<HttpResponse<Buffer>> => {
		await scope.admission?.beforeSending();
		const startedAt = Date.now();
		let current = url;
		for (let hop = 0; ; hop++) {
			const refusal = checkFileUrl(connection, current);
			if (refusal)
				throw new RefusedUrlError(
					`${hop ? `it redirects to ${describeUrl(current)}, and ` : ''}${refusal.reason}`,
					refusal.fix,
				);
			if (canceled?.aborted) throw new Error('canceled');
			const abort = new AbortController();
			const closeOnCancel = () => abort.abort();
			canceled?.addEventListener('abort', closeOnCancel, { once: true });
			try {
				const answer = (await context.helpers.httpRequest({
					method: 'GET',
					url: current,
					headers: fileEncodingHeaders(options.acceptCompressed),
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: timeoutMs,
					abortSignal: abort.signal,
				})) as RawAnswer;
				const response = await readAnswer(answer, limit, {
					idleTimeoutMs: timeoutMs,
					abandon: () => abort.abort(),
					deadline: { at: startedAt + deadlineMs, afterMs: deadlineMs },
				});
				const next = isRedirect(response) ? redirectTarget(response, current) : undefined;
				if (!next || hop >= MAX_FILE_REDIRECTS) return response;
				current = next.href;
			} finally {
				canceled?.removeEventListener('abort', closeOnCancel);
			}
		}
	};
	await scope.admission?.awaitTurn();
	const attempt = await connection.requestsInFlight
		.run(
			async () =>
				await sendWithRetry<Buffer>(fetchFollowing, {
					policy: scope.retryPolicy,
					// A wait before a retry ends with the execution.
					sleep: async (ms) => await sleep(ms, canceled),
				}),
		)
		.then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
	if ('error' in attempt) {
		const { error } = attempt;
		// Nothing was sent: not a download failure to word.
		if (error instanceof ItemNotStarted) throw error;
		const shown = redactSecrets(describeUrl(url), connection.secrets);
		if (canceled?.aborted) {
			throw new NodeOperationError(
				context.getNode(),
				`The execution was canceled while downloading ${shown}`,
				{ itemIndex, description: 'The download was stopped and its connection closed.' },
			);
		}
		if (error instanceof BodyLimitError)
			throw limitRefused(scope, `The host of ${shown}`, limit, error);
		if (error instanceof RefusedUrlError) {
			throw new NodeOperationError(
				context.getNode(),
				redactSecrets(
					`Refused to download ${describeUrl(url)}: ${error.message}`,
					connection.secrets,
				),
				{ itemIndex, description: redactSecrets(error.fix, connection.secrets) },
			);
		}
		throw new NodeOperationError(
			context.getNode(),
			`Could not download ${shown}: ${failureWithoutUrl(scope, error, timeoutMs, url)}`,
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
