/**
 * Every call Socure RiskOS gets from this package, and what its answers mean: reads of
 * one evaluation (`GET /api/evaluation/{eval_id}…`), and the write-backs (an evaluation's
 * state, fraud feedback, a feedback CSV import), each sent as a change.
 */
import type { IDataObject, IHttpRequestMethods, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { providerMessage, redactSecrets, saidBy } from '@idv-documents/shared/http/errors';
import { headerValue, type HttpResponse } from '@idv-documents/shared/http/retry';
import type { ApiErrorWording } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';
import {
	isSuccess,
	jsonBody,
	providerBody,
	type BodySink,
	type ResponseLimit,
	type ServiceResponse,
} from '@idv-documents/shared/http/answer';
import type { BodyStream } from '@idv-documents/shared/http/bodyStream';
import { apiError } from '@idv-documents/shared/http/failures';

export interface EvaluationCall {
	evaluationId: string;
	/** What follows `/api/evaluation/{eval_id}`: '' for the evaluation itself, '/documents' for its files. */
	subPath: string;
	accept: string;
	apiVersion?: string;
	/** What is read, for error wording: "the documents of evaluation" or "evaluation". */
	reads: string;
	/** What a key needs access to, for error wording: "evaluation documents". */
	access: string;
	/** The size limit of a successful answer when it is a file; a JSON answer's otherwise. */
	limit?: ResponseLimit;
	/** For a file: let Socure send it gzip- or brotli-encoded (otherwise asked for as it is). */
	acceptCompressed?: boolean;
	/** For a file: where a successful answer streams to instead of memory. */
	sink?: BodySink;
}

/** GET /api/evaluation/{eval_id}{subPath}: the answer whatever its status (after retries). */
export async function getFromEvaluation(
	scope: ItemScope,
	call: EvaluationCall,
): Promise<ServiceResponse> {
	return await sendServiceRequest(scope, {
		method: 'GET',
		path: `/api/evaluation/${encodeURIComponent(call.evaluationId)}${call.subPath}`,
		headers: {
			Accept: call.accept,
			...(call.apiVersion ? { 'X-API-Version': call.apiVersion } : {}),
		},
		limit: call.limit,
		acceptCompressed: call.acceptCompressed,
		sink: call.sink,
	});
}

/** The error for an evaluation call's failed answer, in Socure's terms. */
export function evaluationError(
	scope: ItemScope,
	response: HttpResponse<Buffer>,
	call: EvaluationCall,
): NodeApiError {
	const said = providerMessage(providerBody(scope, response));
	return apiError(
		scope,
		response,
		evaluationWording(response.statusCode, call, scope.connection.environment, said),
	);
}

/** The ZIP (held, or as `store` returned it, `archive` then empty), or Socure's "No Documents Found". */
export type DocumentsDownload<Stored = never> =
	| { found: true; archive: Buffer; stored?: Stored; contentDispositionFileName?: string }
	| { found: false; message: string };

export interface DocumentsDownloadOptions<Stored> {
	apiVersion?: string;
	maxArchiveBytes: number;
	/** Let Socure send the archive gzip- or brotli-encoded ("Accept Compressed Answers"). */
	acceptCompressed?: boolean;
	/**
	 * Where the archive streams instead of memory, given the file name Socure sent (masked);
	 * what it returns comes back as `stored`.
	 */
	store?: (archive: BodyStream, fileName: string | undefined) => Promise<Stored>;
}

/** GET /api/evaluation/{eval_id}/documents: the ZIP, or Socure's "No Documents Found". */
export async function downloadEvaluationDocuments<Stored = never>(
	scope: ItemScope,
	evaluationId: string,
	options: DocumentsDownloadOptions<Stored>,
): Promise<DocumentsDownload<Stored>> {
	const { store } = options;
	const call: EvaluationCall = {
		evaluationId,
		subPath: '/documents',
		accept: 'application/zip, application/json',
		apiVersion: options.apiVersion,
		reads: 'the documents of evaluation',
		access: 'evaluation documents',
		limit: {
			maxBytes: options.maxArchiveBytes,
			what: "the evaluation's ZIP archive",
			option: 'Max Archive Size (MB)',
		},
		acceptCompressed: options.acceptCompressed,
		...(store
			? { sink: async (archive, headers) => await store(archive, archiveFileName(scope, headers)) }
			: {}),
	};
	const response = await getFromEvaluation(scope, call);
	if (isSuccess(response)) {
		return {
			found: true,
			archive: response.body,
			...(response.stored !== undefined ? { stored: response.stored as Stored } : {}),
			contentDispositionFileName: archiveFileName(scope, response.headers),
		};
	}
	// Masked: Socure's words go into the output item and errors, and a server may echo the key.
	const message = providerMessage(providerBody(scope, response));
	// Expected for military IDs, minors and deleted data: not an integration error.
	if (response.statusCode === 400 && message && /no documents/i.test(message)) {
		return { found: false, message };
	}
	throw evaluationError(scope, response, call);
}

function evaluationWording(
	statusCode: number,
	call: EvaluationCall,
	environment: string,
	providerText: string | undefined,
): ApiErrorWording | undefined {
	const { evaluationId } = call;
	const said = saidBy('Socure', providerText);
	switch (statusCode) {
		case 400:
			return {
				message: `Socure RiskOS refused the request for evaluation "${evaluationId}" (HTTP 400)`,
				description: `Check the evaluation ID and the API version option.${said}`,
			};
		case 403:
			return lacksPermission(
				`The API key may not read ${call.reads} "${evaluationId}" (HTTP 403)`,
				call.access,
				said,
			);
		case 404:
			return evaluationNotFound(evaluationId, environment, said);
		default:
			if (statusCode >= 500) {
				return {
					message: `Socure RiskOS had an internal error (HTTP ${statusCode}) for evaluation "${evaluationId}"`,
					description: `This is a fault on Socure's side and retries were spent. Try again later; if it persists, contact Socure support with the evaluation ID.${said}`,
				};
			}
			// 401 and 429 mean the same for every call: the service's own wording.
			return undefined;
	}
}

/** A 403: the key is valid, but may not do this (`message`); `access` is what to ask for. */
function lacksPermission(message: string, access: string, said: string): ApiErrorWording {
	return {
		message,
		description: `The key is valid but lacks permission. Ask your Socure admin to grant it access to ${access}.${said}`,
	};
}

/** A 404 of an evaluation: not in the credential's environment (or no such ID). */
function evaluationNotFound(
	evaluationId: string,
	environment: string,
	said: string,
): ApiErrorWording {
	return {
		message: `Evaluation "${evaluationId}" was not found in the "${environment}" environment (HTTP 404)`,
		description: `Check the ID, and that the credential points at the environment the evaluation was created in.${said}`,
	};
}

/** The archive's name as Socure's Content-Disposition gives it, masked: a server may echo the key. */
function archiveFileName(scope: ItemScope, headers: Record<string, unknown>): string | undefined {
	return (
		redactSecrets(
			fileNameFromContentDisposition(headerValue(headers, 'content-disposition')) ?? '',
			scope.connection.secrets,
		) || undefined
	);
}

function fileNameFromContentDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const encoded = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
	if (encoded) {
		try {
			return decodeURIComponent(encoded[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// fall through to the plain parameter
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
	return plain ? (plain[2] ?? plain[1]).trim() : undefined;
}

/** The X-API-Version header when the user pinned a version. */
function versionHeader(apiVersion: string | undefined): Record<string, string> {
	return apiVersion ? { 'X-API-Version': apiVersion } : {};
}

/** A write-back: a change RiskOS may have processed when its outcome is unknown. */
interface WriteBack {
	method: IHttpRequestMethods;
	path: string;
	/** An object is sent as JSON; a Buffer as it is (with `contentType`). */
	body: IDataObject | Buffer;
	contentType?: string;
	apiVersion?: string;
	/** What to check in RiskOS before running again when the outcome is unknown. */
	ifUnsure: string;
	resendWhenUnsure?: boolean;
	/** What the answer means if it is not JSON, e.g. "The state update probably did not reach RiskOS." */
	consequence: string;
	/**
	 * Wording of a failed answer for this call by status, given what Socure said as a
	 * sentence ('' when nothing); the service's own for 401 and 429.
	 */
	refusals: Partial<Record<number, (said: string) => ApiErrorWording>>;
	/** What the call was doing, for a 5xx: e.g. `while importing "rows.csv"`. */
	during: string;
}

/** Sends a write-back and returns RiskOS's JSON answer as it is, or throws a worded error. */
async function sendWriteBack(scope: ItemScope, call: WriteBack): Promise<IDataObject> {
	const response = await sendServiceRequest(scope, {
		method: call.method,
		path: call.path,
		headers: {
			Accept: 'application/json',
			...(call.contentType ? { 'Content-Type': call.contentType } : {}),
			...versionHeader(call.apiVersion),
		},
		body: call.body,
		changes: { ifUnsure: call.ifUnsure, resendWhenUnsure: call.resendWhenUnsure },
	});
	if (!isSuccess(response)) {
		const said = saidBy('Socure', providerMessage(providerBody(scope, response)));
		throw apiError(scope, response, writeBackWording(call, response.statusCode, said));
	}
	const answer = jsonBody<unknown>(scope, response, {
		allowEmpty: true,
		consequence: call.consequence,
	});
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
		const { context, itemIndex } = scope;
		throw new NodeOperationError(
			context.getNode(),
			'Socure RiskOS answered with JSON that is not an object',
			{
				itemIndex,
				description: `${call.consequence} Check that the credential's environment or Base URL points at the RiskOS API itself, not a proxy that rewrites answers.`,
			},
		);
	}
	return answer as IDataObject;
}

/**
 * The call's own wording for the status; for a 5xx what every write-back says (it was not
 * resent, so retries were not necessarily spent); else the service's or generic wording.
 */
function writeBackWording(
	call: WriteBack,
	statusCode: number,
	said: string,
): ApiErrorWording | undefined {
	const own = call.refusals[statusCode];
	if (own) return own(said);
	if (statusCode < 500) return undefined;
	return {
		message: `Socure RiskOS had an internal error (HTTP ${statusCode}) ${call.during}`,
		description: `This is a fault on Socure's side. Try again later; if it persists, contact Socure support.${said}`,
	};
}

export interface StateUpdate {
	evaluationId: string;
	/** The body as RiskOS documents it: workflow, decision, status, sub_status, notes, attachments. */
	body: IDataObject;
	apiVersion?: string;
	resendWhenUnsure?: boolean;
}

/** PUT /api/evaluation/{eval_id}/state: RiskOS's answer (the evaluation's summary) as it is. */
export async function updateEvaluationState(
	scope: ItemScope,
	update: StateUpdate,
): Promise<IDataObject> {
	const { evaluationId } = update;
	const environment = scope.connection.environment;
	return await sendWriteBack(scope, {
		method: 'PUT',
		path: `/api/evaluation/${encodeURIComponent(evaluationId)}/state`,
		body: update.body,
		apiVersion: update.apiVersion,
		resendWhenUnsure: update.resendWhenUnsure,
		ifUnsure: `Check the decision, status and attachments of evaluation "${evaluationId}" in RiskOS before running the node again, or the attachments may be added twice.`,
		consequence: 'The state update probably did not reach RiskOS.',
		during: `while updating evaluation "${evaluationId}"`,
		refusals: {
			400: (said) => ({
				message: `Socure RiskOS refused the state update for evaluation "${evaluationId}" (HTTP 400)`,
				description: `Check Workflow (the name of the workflow the evaluation ran in), Decision (one the workflow defines, e.g. ACCEPT, REJECT, REVIEW) and Status; a paused evaluation may not take a state yet.${said}`,
			}),
			403: (said) =>
				lacksPermission(
					`The API key may not update evaluation "${evaluationId}" (HTTP 403)`,
					'update evaluations (case management)',
					said,
				),
			404: (said) => evaluationNotFound(evaluationId, environment, said),
		},
	});
}

export interface FeedbackSubmission {
	/** The customer-side ID of the original evaluation request, sent as `id`. */
	requestId: string;
	/** The body as RiskOS documents it: id, workflow, fraud_label and the optional fields. */
	body: IDataObject;
	apiVersion?: string;
	resendWhenUnsure?: boolean;
}

/** PUT /api/feedback: RiskOS's answer (`{message}`) as it is. */
export async function submitFeedback(
	scope: ItemScope,
	feedback: FeedbackSubmission,
): Promise<IDataObject> {
	const { requestId } = feedback;
	const environment = scope.connection.environment;
	return await sendWriteBack(scope, {
		method: 'PUT',
		path: '/api/feedback',
		body: feedback.body,
		apiVersion: feedback.apiVersion,
		resendWhenUnsure: feedback.resendWhenUnsure,
		ifUnsure: `Check the fraud feedback of request ID "${requestId}" in RiskOS before running the node again.`,
		consequence: 'The feedback probably did not reach RiskOS.',
		during: `while saving feedback for request ID "${requestId}"`,
		refusals: {
			400: (said) => ({
				message: `Socure RiskOS refused the feedback for request ID "${requestId}" (HTTP 400)`,
				description: `Check Workflow (the name of the workflow the evaluation ran in), Fraud Label and Recorded At (YYYY-MM-DD).${said}`,
			}),
			403: (said) =>
				lacksPermission('The API key may not submit fraud feedback (HTTP 403)', 'feedback', said),
			404: (said) => ({
				message: `No evaluation with request ID "${requestId}" was found in the "${environment}" environment (HTTP 404)`,
				description: `Request ID is the ID your system sent as "id" when it created the evaluation (in Get Evaluation's output: id), not the eval_id. Check it, the workflow, and that the credential points at the environment the evaluation was created in.${said}`,
			}),
		},
	});
}

export interface FeedbackImport {
	/** The multipart body with the CSV under `file`. */
	body: Buffer;
	contentType: string;
	/** The CSV's file name, for wording. */
	fileName: string;
	apiVersion?: string;
	resendWhenUnsure?: boolean;
}

/** POST /api/feedback/import: RiskOS's answer as it is. */
export async function importFeedback(
	scope: ItemScope,
	upload: FeedbackImport,
): Promise<IDataObject> {
	const { fileName } = upload;
	return await sendWriteBack(scope, {
		method: 'POST',
		path: '/api/feedback/import',
		body: upload.body,
		contentType: upload.contentType,
		apiVersion: upload.apiVersion,
		resendWhenUnsure: upload.resendWhenUnsure,
		ifUnsure: `Check in RiskOS whether the feedback in "${fileName}" was imported before running the node again.`,
		consequence: 'The import probably did not reach RiskOS.',
		during: `while importing "${fileName}"`,
		refusals: {
			400: (said) => ({
				message: `Socure RiskOS refused the feedback CSV "${fileName}" (HTTP 400)`,
				description: `Check the rows: each needs id (the request ID, not the eval_id), workflow and fraud_label (fraud or non-fraud); recorded_at is YYYY-MM-DD.${said}`,
			}),
			403: (said) =>
				lacksPermission('The API key may not import fraud feedback (HTTP 403)', 'feedback', said),
		},
	});
}
