// A local simulator of the three APIs as documented, for the demo, the dev editor,
// end-to-end tests and benchmarks. Plain Node, no dependencies, loopback only.
//
//   node sim/server.js [--port 8765]
//
// One server, three prefixes; point each credential's Custom Base URL at one:
//   Socure RiskOS  http://127.0.0.1:<port>/socure   Authorization: Bearer sim-socure-key
//   Verifik        http://127.0.0.1:<port>/verifik  Authorization: Bearer sim-verifik-token
//   Unit21         http://127.0.0.1:<port>/unit21   u21-key: sim-unit21-key, org sim_org
//   OpenAI-compatible chat model (for AI Agent tests)
//                  http://127.0.0.1:<port>/openai/v1  Authorization: Bearer sim-openai-key
// Scenarios are chosen by ID: see SCENARIOS below (also GET /_sim/scenarios).
'use strict';

const crypto = require('crypto');
const http = require('http');

const { parseMultipart } = require('./multipart');
const { documentsZip, sampleImage } = require('./documents');
const { evaluationFor } = require('./evaluations');
const { flatRecord, nestedRecord } = require('./verifikRecords');

const SECRETS = {
	socure: 'sim-socure-key',
	verifik: 'sim-verifik-token',
	unit21: 'sim-unit21-key',
	unit21Org: 'sim_org',
	openai: 'sim-openai-key',
	// What the simulated RiskOS sends as its webhook Bearer token, and what the simulated Unit21 signs with.
	riskosWebhookToken: '5e1d7c2a-8b3f-4d6e-9a1c-0f2b3c4d5e6f',
	unit21WebhookKey: 'simUnit21WebhookKey1',
};

const SCENARIOS = {
	socure: {
		'11111111-1111-4111-8111-111111111111':
			'documents: ID front and back, selfie, two reviewer PDFs; evaluation REJECT (DocV reject)',
		'22222222-2222-4222-8222-222222222222':
			'400 {"message":"No Documents Found"}: a minor, evaluation REJECT with R844',
		'33333333-3333-4333-8333-333333333333':
			'documents from a retried capture (Doc_Front_2) and no selfie; evaluation REVIEW',
		'66666666-6666-4666-8666-666666666666':
			'evaluation paused, waiting for DocV (SocureDocRequest); documents as any other UUID',
		'44444444-4444-4444-8444-444444444444': '404 evaluation not found',
		'55555555-5555-4555-8555-555555555555': '500 internal error',
		'00000000-*': '404 (what the credential test asks for)',
		'bbbbbbbb-*': 'a 100 MB archive: five 20 MB images (for memory measurements)',
		'dddddddd-*':
			'a realistic 2 MB archive: five deflated entries (front 900 KB, back 800 KB, selfie 300 KB, two PDFs)',
		'd1d1d1d1-*': "one deflated 1 MB photo (the upload benchmark's input)",
		'e0000001-*': 'fault: the connection is reset halfway through the ZIP, every time',
		'e0000002-*':
			'fault: the connection is reset halfway through the ZIP the first time, then the ZIP',
		'e0000003-*': 'fault: the server stalls and never answers',
		'e0000004-*': 'fault: headers and half the ZIP, then the server stalls',
		'e0000005-*': 'fault: 200 with a ZIP cut short (Content-Length matches the cut)',
		'e0000006-*': 'fault: the ZIP served as text/plain',
		'e0000007-*': 'fault: 200 with an HTML login page (documents and evaluation)',
		'e0000008-*': 'fault: a state update (PUT …/state) read, then the connection reset, every time',
		'PUT /api/evaluation/{id}/state':
			'checks workflow (consumer_onboarding), decision, status (OPEN, CLOSED, ON HOLD) and base64 attachments; answers the summary; GET then shows the new state (recorded: GET /_sim/riskos)',
		'PUT /api/feedback':
			'checks id, workflow, fraud_label (fraud, non-fraud), recorded_at (YYYY-MM-DD), tags (a list); ids starting "unknown" give 404; ids starting "reset": read, then the connection reset',
		'POST /api/feedback/import':
			'multipart file: a CSV with every documented column, else 400 naming the missing ones; a file named reset*: read, then the connection reset',
		'any other UUID': 'documents, with images unique to the evaluation; evaluation ACCEPT',
	},
	verifik: {
		dl_passed: 'completed, every check passed, image saved',
		dl_failed: 'completed, portrait substitution failed, image saved',
		dl_flat: 'the older flat response shape, image not saved',
		html_200: 'fault: 200 with an HTML login page',
		dl_cdn_stall: 'a saved record whose image host never answers',
		dl_cdn_reset: 'a saved record whose image host resets the connection',
		'anything else': '404 DOCUMENT_LIVENESS_NOT_FOUND',
		'POST /v2/document-liveness':
			'creates a record from the base64 image; a non-image gives 400 INVALID_IMAGE_FORMAT',
	},
	unit21: {
		'entity ghost': '404 {"error_code":"entity_not_found"}',
		'entity placeholder-1': '409 placeholder entities cannot be updated',
		'entity locked-once': '423 on the first upload, then 200',
		'entity html-200': 'fault: 200 with an HTML login page',
		'entity reset-always': 'fault: the connection is reset before any answer, every time',
		'any other ID': '200 {} (uploads are recorded: GET /_sim/received)',
		'files over 5 MB': '400 file too large',
		'POST /v1/entities/create':
			'an upsert, remembered (GET /_sim/entities): 400 with the reason for a body Unit21 refuses, 409 "Entity already exists" with options.upsert_on_conflict false, identical requests ignored; custom_data merged with options.merge_custom_data',
		'create locked-once': '423 on the first create, then 200',
		'create server-error': '500 every time, nothing saved',
		'create saved-then-500':
			'saved, but 500 the first time; the identical resend is ignored and answers 200',
		'PUT /v1/{org}/entities/{id}/delete-all-media':
			'200 {} and the media the simulator recorded for the entity is gone; ghost 404, placeholder-1 409, locked-once 423 once',
		'requireEntities: true (option)':
			'link-media and delete-all-media answer 404 for an entity never created, as Unit21 does (off by default: the examples link media straight away)',
	},
	openai: {
		'POST /v1/chat/completions':
			'answers from a script (setOpenAiScript): one step per assistant turn, tool calls or a final text; requests are recorded',
		'GET /v1/models': 'one model, sim-model',
	},
};

/** `body`: JSON, a string, a Buffer, or a list of Buffers written one after another. */
function send(response, status, body, headers = {}) {
	const isBinary = Buffer.isBuffer(body) || Array.isArray(body);
	const pieces = Array.isArray(body)
		? body
		: [
				Buffer.isBuffer(body)
					? body
					: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
			];
	response.writeHead(status, {
		'Content-Type': isBinary ? 'application/octet-stream' : 'application/json',
		'Content-Length': pieces.reduce((sum, piece) => sum + piece.length, 0),
		...headers,
	});
	// One write to the socket, not one per piece.
	response.socket?.cork();
	for (const piece of pieces) response.write(piece);
	response.end();
	process.nextTick(() => response.socket?.uncork());
}

function readBody(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function bearer(request) {
	const header = request.headers.authorization || '';
	return header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function socure(request, response, path, state) {
	if (bearer(request) !== SECRETS.socure)
		return send(response, 401, {
			status: 'Error',
			msg: 'Unauthorized',
			message: 'Invalid API key',
		});
	const stateMatch = /^\/api\/evaluation\/([^/]+)\/state$/.exec(path);
	if (stateMatch && request.method === 'PUT')
		return await socureUpdateState(request, response, decodeURIComponent(stateMatch[1]), state);
	if (path === '/api/feedback' && request.method === 'PUT')
		return await socureFeedback(request, response, state);
	if (path === '/api/feedback/import' && request.method === 'POST')
		return await socureFeedbackImport(request, response, state);
	const match = /^\/api\/evaluation\/([^/]+)(\/documents)?$/.exec(path);
	if (request.method !== 'GET' || !match) return send(response, 404, { message: 'Not Found' });
	const id = decodeURIComponent(match[1]);
	state.counts.socure++;
	if (!UUID.test(id)) return send(response, 400, { message: 'Invalid eval_id' });
	if (id.startsWith('00000000') || id === '44444444-4444-4444-8444-444444444444')
		return send(response, 404, { message: 'Evaluation not found' });
	if (!match[2]) return socureEvaluation(response, id, state);
	if (id === '22222222-2222-4222-8222-222222222222')
		return send(response, 400, { message: 'No Documents Found' });
	if (id === '55555555-5555-4555-8555-555555555555')
		return send(response, 500, { message: 'Internal Server Error' });
	state.attempts[id] = (state.attempts[id] || 0) + 1;
	const variant =
		id === '33333333-3333-4333-8333-333333333333'
			? 'retried'
			: id.startsWith('bbbbbbbb')
				? 'large'
				: id.startsWith('dddddddd')
					? 'realistic'
					: id.startsWith('d1d1d1d1')
						? 'photo'
						: 'standard';
	const archive = documentsZip(id, variant);
	if (id.startsWith('e000000')) return socureFault(response, id, archive, state.attempts[id]);
	return send(response, 200, archive, {
		'Content-Type': 'application/zip',
		'Content-Disposition': `attachment; filename="${id}_document.zip"`,
	});
}

/** GET /api/evaluation/{eval_id}: the evaluation as JSON, with any state written since. */
function socureEvaluation(response, id, state) {
	if (id === '55555555-5555-4555-8555-555555555555')
		return send(response, 500, { message: 'Internal Server Error' });
	if (id.startsWith('e0000007'))
		return send(response, 200, HTML_LOGIN_PAGE, { 'Content-Type': 'text/html' });
	return send(response, 200, { ...evaluationFor(id), ...state.riskos.evaluations.get(id) });
}

/** A JSON request body, or undefined (after answering 400) when it is not JSON. */
async function jsonRequest(request, response) {
	try {
		const body = JSON.parse((await readBody(request)).toString() || '{}');
		if (body && typeof body === 'object' && !Array.isArray(body)) return body;
	} catch {
		// answered below
	}
	send(response, 400, { message: 'Request body must be a JSON object' });
	return undefined;
}

const STATE_STATUSES = ['OPEN', 'CLOSED', 'ON HOLD'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * PUT /api/evaluation/{eval_id}/state, as the 2025-01-01.orion spec documents it: workflow,
 * decision and status required (status OPEN | CLOSED | "ON HOLD"), sub_status and notes
 * optional, attachments [{file_name, file_data (base64)}]. Answers the evaluation summary.
 */
async function socureUpdateState(request, response, id, state) {
	state.counts.socure++;
	state.attempts[`state:${id}`] = (state.attempts[`state:${id}`] || 0) + 1;
	if (!UUID.test(id)) return send(response, 400, { message: 'Invalid eval_id' });
	const body = await jsonRequest(request, response);
	if (!body) return undefined;
	if (id.startsWith('e0000008')) return request.socket.destroy();
	if (id.startsWith('00000000') || id === '44444444-4444-4444-8444-444444444444')
		return send(response, 404, { message: 'Evaluation not found' });
	if (id === '55555555-5555-4555-8555-555555555555')
		return send(response, 500, { message: 'Internal Server Error' });
	const evaluation = { ...evaluationFor(id), ...state.riskos.evaluations.get(id) };
	const missing = ['workflow', 'decision', 'status'].filter(
		(field) => typeof body[field] !== 'string' || !body[field],
	);
	if (missing.length)
		return send(response, 400, { message: `Missing required field(s): ${missing.join(', ')}` });
	if (body.workflow !== evaluation.workflow)
		return send(response, 400, {
			message: `Workflow "${body.workflow}" does not match the evaluation's workflow`,
		});
	if (!STATE_STATUSES.includes(body.status))
		return send(response, 400, {
			message: `Invalid status "${body.status}": expected one of OPEN, CLOSED, ON HOLD`,
		});
	const attachments = body.attachments === undefined ? [] : body.attachments;
	const malformed =
		!Array.isArray(attachments) ||
		attachments.some(
			(file) =>
				!file ||
				typeof file.file_name !== 'string' ||
				!file.file_name ||
				typeof file.file_data !== 'string' ||
				!BASE64.test(file.file_data),
		);
	if (malformed)
		return send(response, 400, {
			message: 'attachments must be a list of {file_name, file_data (base64)}',
		});
	const updated = {
		decision: body.decision,
		status: body.status,
		sub_status: body.sub_status ?? evaluation.sub_status,
		...(body.notes !== undefined ? { notes: body.notes } : {}),
	};
	state.riskos.evaluations.set(id, { ...state.riskos.evaluations.get(id), ...updated });
	state.riskos.stateUpdates.push({
		evalId: id,
		workflow: body.workflow,
		decision: body.decision,
		status: body.status,
		subStatus: body.sub_status,
		notes: body.notes,
		apiVersion: request.headers['x-api-version'],
		attachments: attachments.map((file) => {
			const bytes = Buffer.from(file.file_data, 'base64');
			return {
				fileName: file.file_name,
				size: bytes.length,
				sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
				base64: file.file_data,
			};
		}),
	});
	return send(response, 200, {
		id: evaluation.id,
		eval_id: id,
		workflow: evaluation.workflow,
		decision: updated.decision,
		status: updated.status,
		sub_status: updated.sub_status,
		eval_status: evaluation.eval_status,
	});
}

const FRAUD_LABELS = ['fraud', 'non-fraud'];
const required = (value, field) =>
	typeof value !== 'string' || !value ? `Missing required field: ${field}` : undefined;
const fraudLabel = (value, field) =>
	required(value, field) ??
	(FRAUD_LABELS.includes(value)
		? undefined
		: `Invalid fraud_label "${value}": expected fraud or non-fraud`);
const optional = () => undefined;

/**
 * A feedback record's fields, in the order of the columns a feedback CSV must carry, each
 * with the reason a record's value is refused (or undefined).
 */
const FEEDBACK_FIELDS = {
	id: required,
	workflow: required,
	fraud_label: fraudLabel,
	fraud_type: optional,
	notes: optional,
	recorded_at: (value) =>
		value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value)
			? undefined
			: 'recorded_at must be YYYY-MM-DD',
	recorded_by: optional,
	tags: (value) =>
		value === undefined || Array.isArray(value) ? undefined : 'tags must be an array',
};
const FEEDBACK_COLUMNS = Object.keys(FEEDBACK_FIELDS);

/** The reason a feedback record is refused (its first refused field's), or undefined. */
function feedbackProblem(record) {
	for (const [field, problem] of Object.entries(FEEDBACK_FIELDS)) {
		const reason = problem(record[field], field);
		if (reason) return reason;
	}
	return undefined;
}

/** PUT /api/feedback: one record; request IDs starting "unknown" are not found. */
async function socureFeedback(request, response, state) {
	state.counts.socure++;
	const body = await jsonRequest(request, response);
	if (!body) return undefined;
	state.attempts[`feedback:${body.id}`] = (state.attempts[`feedback:${body.id}`] || 0) + 1;
	if (String(body.id).startsWith('reset')) return request.socket.destroy();
	const problem = feedbackProblem(body);
	if (problem) return send(response, 400, { message: problem });
	if (body.id.startsWith('unknown'))
		return send(response, 404, { message: `No evaluation found for id ${body.id}` });
	state.riskos.feedback.push({ ...body, apiVersion: request.headers['x-api-version'] });
	return send(response, 200, {
		message: `feedback updated successfully for id ${body.id} as ${body.fraud_label}`,
	});
}

/** POST /api/feedback/import: a multipart `file` holding a CSV with every documented column. */
async function socureFeedbackImport(request, response, state) {
	state.counts.socure++;
	const body = await readBody(request);
	let file;
	try {
		file = parseMultipart(body, request.headers['content-type'] || '').find(
			(part) => part.name === 'file' && part.fileName !== undefined,
		);
	} catch (error) {
		return send(response, 400, { message: `Invalid multipart body: ${error.message}` });
	}
	if (!file) return send(response, 400, { message: 'Missing file' });
	state.attempts[`import:${file.fileName}`] = (state.attempts[`import:${file.fileName}`] || 0) + 1;
	if (file.fileName.startsWith('reset')) return request.socket.destroy();
	const lines = file.content
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.filter((line) => line.trim());
	const header = (lines[0] || '').split(',').map((column) => column.trim().replace(/^"|"$/g, ''));
	const missing = FEEDBACK_COLUMNS.filter((column) => !header.includes(column));
	if (missing.length)
		return send(response, 400, { message: `Missing column(s): ${missing.join(', ')}` });
	const rows = lines.length - 1;
	state.riskos.imports.push({
		fileName: file.fileName,
		contentType: file.contentType,
		rows,
		base64: file.content.toString('base64'),
	});
	return send(response, 200, { message: `feedback imported successfully: ${rows} records` });
}

const HTML_LOGIN_PAGE =
	'<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>';

/** Failures seen in the field: cut connections, stalls, truncated or mislabelled bodies. */
function socureFault(response, id, archive, attempt) {
	const fault = id.slice(0, 8);
	const zipHeaders = { 'Content-Type': 'application/zip', 'Content-Length': archive.length };
	const half = archive.subarray(0, Math.floor(archive.length / 2));
	if (fault === 'e0000001' || (fault === 'e0000002' && attempt === 1)) {
		response.writeHead(200, zipHeaders);
		response.write(half, () => setTimeout(() => response.socket && response.socket.destroy(), 20));
		return undefined;
	}
	if (fault === 'e0000003') return undefined;
	if (fault === 'e0000004') {
		response.writeHead(200, zipHeaders);
		response.write(half);
		return undefined;
	}
	if (fault === 'e0000005') return send(response, 200, half, { 'Content-Type': 'application/zip' });
	if (fault === 'e0000006') return send(response, 200, archive, { 'Content-Type': 'text/plain' });
	if (fault === 'e0000007')
		return send(response, 200, HTML_LOGIN_PAGE, { 'Content-Type': 'text/html' });
	return send(response, 200, archive, zipHeaders);
}

/** dl_failed's verdict: the portrait substitution check failed. */
const DL_FAILED = {
	portraitSubstitution: { passed: false, score: 0.21, details: 'Portrait substitution detected' },
	riskScore: 0.71,
};

/** The document liveness record the simulator holds for an ID, or undefined. */
function verifikRecord(id, baseUrl) {
	const identity = {
		client: 'client_sim',
		appRegistration: 'app_registration_sim',
		createdAt: '2026-11-22T10:30:00Z',
	};
	if (id === 'dl_flat') return flatRecord(id, identity);
	if (
		id !== 'dl_passed' &&
		id !== 'dl_failed' &&
		!id.startsWith('dl_new_') &&
		!id.startsWith('dl_cdn_')
	)
		return undefined;
	const imageUrl = `${baseUrl}/verifik-cdn/images/${id}.jpg`;
	return nestedRecord(id, identity, imageUrl, id === 'dl_failed' ? DL_FAILED : {});
}

async function verifik(request, response, path, state, baseUrl) {
	if (bearer(request) !== SECRETS.verifik)
		return send(response, 401, { error: 'Unauthorized', message: 'UNAUTHORIZED' });
	const url = new URL(path, 'http://sim');
	if (url.pathname === '/v2/clients/me')
		return send(response, 200, { success: true, data: { _id: 'client_sim', name: 'Simulator' } });
	if (url.pathname === '/v2/document-liveness' && request.method === 'GET') {
		const page = Number(url.searchParams.get('page') || 1);
		const limit = Number(url.searchParams.get('limit') || 10);
		if (!(limit >= 1 && limit <= 100) || !(page >= 1))
			return send(response, 400, {
				success: false,
				error: 'Invalid query parameters',
				code: 'INVALID_PARAMETERS',
			});
		const status = url.searchParams.get('status');
		const all = ['dl_passed', 'dl_failed', 'dl_flat']
			.map((id) => verifikRecord(id, baseUrl))
			.filter((record) => !status || record.status === status);
		return send(response, 200, {
			success: true,
			data: all.slice((page - 1) * limit, page * limit),
			pagination: { page, limit, total: all.length, pages: Math.ceil(all.length / limit) },
		});
	}
	if (url.pathname === '/v2/document-liveness' && request.method === 'POST') {
		const body = JSON.parse((await readBody(request)).toString() || '{}');
		const image = Buffer.from(String(body.image || ''), 'base64');
		const isImage =
			image[0] === 0xff && image[1] === 0xd8 ? true : image.subarray(1, 4).toString() === 'PNG';
		if (!isImage)
			return send(response, 400, {
				success: false,
				error: 'Invalid image format',
				code: 'INVALID_IMAGE_FORMAT',
			});
		const id = `dl_new_${crypto.createHash('sha256').update(image).digest('hex').slice(0, 12)}`;
		state.verifikImages.set(id, image);
		const record = verifikRecord(id, baseUrl);
		if (!body.saveImage) Object.assign(record, { imageSaved: false, imageUrl: undefined });
		return send(response, 200, { success: true, data: record });
	}
	const match = /^\/v2\/document-liveness\/([^/]+)$/.exec(url.pathname);
	if (match && match[1] === 'html_200')
		return send(response, 200, HTML_LOGIN_PAGE, { 'Content-Type': 'text/html' });
	const record = match && verifikRecord(decodeURIComponent(match[1]), baseUrl);
	if (!record)
		return send(response, 404, {
			error: 'Document liveness not found',
			message: 'DOCUMENT_LIVENESS_NOT_FOUND',
		});
	return send(response, 200, {
		success: true,
		data: record,
		signature: { dateTime: 'November 22, 2026 10:30 AM', message: 'Certified by Verifik.co' },
	});
}

function verifikCdn(response, path, state) {
	const id = (/^\/images\/([^/]+)\.jpg$/.exec(path) || [])[1];
	if (id) state.attempts[`cdn:${id}`] = (state.attempts[`cdn:${id}`] || 0) + 1;
	if (id === 'dl_cdn_stall') return undefined;
	if (id === 'dl_cdn_reset') return response.socket.destroy();
	const image =
		id &&
		(state.verifikImages.get(id) || (id.startsWith('dl_') ? sampleImage('front') : undefined));
	if (!image) return send(response, 404, 'Not Found');
	return send(response, 200, image, { 'Content-Type': 'image/jpeg' });
}

const MAX_FILE = 5 * 1024 * 1024;

async function unit21(request, response, path, state) {
	if (request.headers['u21-key'] !== SECRETS.unit21)
		return send(response, 401, { error_code: 'unauthorized', message: 'Invalid API key' });
	if (path === '/v1/agents/list') return send(response, 200, { agents: [] });
	if (path === '/v1/entities/create' && request.method === 'POST')
		return await unit21CreateEntity(request, response, state);
	const deleteMedia = /^\/v1\/([^/]+)\/entities\/([^/]+)\/delete-all-media$/.exec(path);
	if (deleteMedia && request.method === 'PUT')
		return unit21DeleteAllMedia(response, path, state, deleteMedia);
	const match = /^\/v1\/(?:([^/]+)\/(entities|events)|(alerts|cases))\/([^/]+)\/link-media$/.exec(
		path,
	);
	if (request.method !== 'PUT' || !match) return send(response, 404, { error_code: 'not_found' });
	const [, org, scoped, global, rawId] = match;
	const objectType = { entities: 'entity', events: 'event', alerts: 'alert', cases: 'case' }[
		scoped || global
	];
	const objectId = decodeURIComponent(rawId);
	if (org !== undefined && decodeURIComponent(org) !== SECRETS.unit21Org)
		return send(response, 404, { error_code: 'org_not_found' });
	state.attempts[objectId] = (state.attempts[objectId] || 0) + 1;
	if (objectId === 'reset-always') return request.socket.destroy();
	if (objectId === 'html-200')
		return send(response, 200, HTML_LOGIN_PAGE, { 'Content-Type': 'text/html' });
	if (objectId === 'ghost') return send(response, 404, { error_code: `${objectType}_not_found` });
	const refused = unit21WriteRefused(state, objectId, path);
	if (refused) return send(response, ...refused);
	if (objectType === 'entity' && !entityExists(state, objectId))
		return send(response, 404, { error_code: 'entity_not_found' });
	const body = await readBody(request);
	const contentType = request.headers['content-type'] || '';
	let files;
	try {
		files = contentType.startsWith('multipart/form-data')
			? filesFromMultipart(body, contentType)
			: filesFromBase64(body);
	} catch (error) {
		return send(response, 400, { error_code: 'invalid_request', message: error.message });
	}
	const tooLarge = files.find((file) => file.content.length > MAX_FILE);
	if (tooLarge)
		return send(response, 400, {
			error_code: 'file_too_large',
			message: `${tooLarge.fileName} is over 5 MB`,
		});
	if (objectType === 'event' && files.some((file) => !file.mediaType))
		return send(response, 400, {
			error_code: 'invalid_request',
			message: 'media_type is required for event media',
		});
	if (state.recordUploads === false) {
		state.counts.unit21++;
		return send(response, 200, {});
	}
	const upload = {
		objectType,
		objectId,
		org: org && decodeURIComponent(org),
		mode: contentType.startsWith('multipart/form-data') ? 'formData' : 'base64',
		files: files.map((file) => ({
			key: file.key,
			fileName: file.fileName,
			contentType: file.contentType,
			mediaType: file.mediaType,
			customData: file.customData,
			size: file.content.length,
			sha256: crypto.createHash('sha256').update(file.content).digest('hex'),
			base64: file.content.toString('base64'),
		})),
	};
	state.received.push(upload);
	if (objectType === 'entity') {
		// As Unit21 does: linking the same file again adds a second copy.
		const entity = entityRecord(state, objectId);
		for (const { base64, ...file } of upload.files) entity.media.push(file);
	}
	state.counts.unit21++;
	return send(response, 200, {});
}

/** Unknown entities exist unless the simulator was started with requireEntities (as Unit21: 404). */
function entityExists(state, entityId) {
	if (entityId === 'ghost') return false;
	return !state.requireEntities || Boolean(state.entities[entityId]?.created);
}

/** The simulator's record of an entity: what creates sent (merged), and its media. */
function entityRecord(state, entityId) {
	state.entities[entityId] ??= { created: false, data: {}, media: [], lastRequest: undefined };
	return state.entities[entityId];
}

const ENTITY_ID = /^[-_:.@a-zA-Z0-9!#$%&*+/=?^`{']{1,128}$/;

/** Why Unit21 would refuse a create-entity body, or undefined. */
function entityBodyProblem(body, exists) {
	if (!body || typeof body !== 'object' || Array.isArray(body))
		return 'The request body must be a JSON object';
	const general = body.general_data;
	if (!general || typeof general !== 'object') return 'general_data is required';
	if (typeof general.entity_id !== 'string' || !ENTITY_ID.test(general.entity_id))
		return "general_data.entity_id is required: 1 to 128 of the characters -_:.@a-zA-Z0-9!#$%&*+/=?^`{'";
	if (!exists && !general.entity_type)
		return 'general_data.entity_type is required for new entities';
	if (general.registered_at !== undefined && !Number.isInteger(general.registered_at))
		return 'general_data.registered_at must be an integer (epoch seconds)';
	const documents = body.document_data;
	if (documents !== undefined) {
		if (!Array.isArray(documents)) return 'document_data must be an array';
		if (documents.length > 1000) return 'document_data: at most 1000 documents';
		for (const [index, document] of documents.entries()) {
			if (!document || !document.document_id || !document.document_type)
				return `document_data[${index}]: document_id and document_type are required`;
			for (const field of ['issued_at', 'expires_at'])
				if (document[field] !== undefined && !Number.isInteger(document[field]))
					return `document_data[${index}].${field} must be an integer (epoch seconds)`;
		}
	}
	const scores = body.risk_scores;
	if (scores !== undefined) {
		if (!Array.isArray(scores)) return 'risk_scores must be an array';
		for (const [index, score] of scores.entries()) {
			if (!score || typeof score.name !== 'string' || !Number.isInteger(score.score))
				return `risk_scores[${index}]: name and an integer score are required`;
			if (score.denominator !== undefined && !Number.isInteger(score.denominator))
				return `risk_scores[${index}].denominator must be an integer`;
		}
	}
	if (
		body.custom_data !== undefined &&
		(!body.custom_data || typeof body.custom_data !== 'object' || Array.isArray(body.custom_data))
	)
		return 'custom_data must be a JSON object';
	return undefined;
}

async function unit21CreateEntity(request, response, state) {
	const raw = (await readBody(request)).toString();
	let body;
	try {
		body = JSON.parse(raw);
	} catch {
		return send(response, 400, { error_code: 'invalid_request', message: 'Invalid JSON body' });
	}
	const entityId = body?.general_data?.entity_id;
	const known = typeof entityId === 'string' ? state.entities[entityId] : undefined;
	const exists = Boolean(known?.created);
	const problem = entityBodyProblem(body, exists);
	if (problem) return send(response, 400, { error_code: 'invalid_request', message: problem });
	state.attempts[entityId] = (state.attempts[entityId] || 0) + 1;
	if (entityId === 'server-error')
		return send(response, 500, { error_code: 'internal_error', message: 'Internal Server Error' });
	const lockKey = `create ${entityId}`;
	if (entityId === 'locked-once' && firstTime(state, lockKey)) return send(response, ...LOCKED);
	if (exists && body.options?.upsert_on_conflict === false)
		return send(response, 409, { error_code: 'conflict', message: 'Entity already exists' });
	state.counts.unit21++;
	const entity = entityRecord(state, entityId);
	if (entity.lastRequest === raw) {
		// Unit21 ignores an upsert identical to the previous one.
		state.counts.ignoredCreates = (state.counts.ignoredCreates || 0) + 1;
		return send(response, 200, { entity_id: entityId });
	}
	entity.lastRequest = raw;
	entity.created = true;
	const { options = {}, custom_data: customData, ...sections } = body;
	for (const [section, value] of Object.entries(sections))
		entity.data[section] =
			value && typeof value === 'object' && !Array.isArray(value)
				? { ...(entity.data[section] || {}), ...value }
				: value;
	if (customData !== undefined)
		entity.data.custom_data = options.merge_custom_data
			? { ...(entity.data.custom_data || {}), ...customData }
			: customData;
	if (entityId === 'saved-then-500' && firstTime(state, lockKey))
		return send(response, 500, { error_code: 'internal_error', message: 'Internal Server Error' });
	return send(response, 200, { entity_id: entityId });
}

/** True the first time a once-only scenario (locked-once, saved-then-500) meets `key`. */
function firstTime(state, key) {
	if (state.lockedOnce.has(key)) return false;
	state.lockedOnce.add(key);
	return true;
}

const LOCKED = [423, { message: 'Object updates in progress. Please try again later.' }];

/**
 * The status and body with which Unit21 refuses a media write to an object, or undefined:
 * placeholder-1 always (409), locked-once the first time per `lockKey` (423).
 */
function unit21WriteRefused(state, objectId, lockKey) {
	if (objectId === 'placeholder-1')
		return [
			409,
			{ error_code: 'placeholder_object', message: 'Placeholder entities cannot be updated' },
		];
	if (objectId === 'locked-once' && firstTime(state, lockKey)) return LOCKED;
	return undefined;
}

function unit21DeleteAllMedia(response, path, state, [, org, rawId]) {
	if (decodeURIComponent(org) !== SECRETS.unit21Org)
		return send(response, 404, { error_code: 'org_not_found' });
	const entityId = decodeURIComponent(rawId);
	state.attempts[entityId] = (state.attempts[entityId] || 0) + 1;
	const refused = unit21WriteRefused(state, entityId, path);
	if (refused) return send(response, ...refused);
	if (!entityExists(state, entityId))
		return send(response, 404, { error_code: 'entity_not_found' });
	entityRecord(state, entityId).media.length = 0;
	state.counts.unit21++;
	return send(response, 200, {});
}

function filesFromMultipart(body, contentType) {
	const parts = parseMultipart(body, contentType);
	const files = parts.filter((part) => part.fileName !== undefined);
	return files.map((part) => {
		const meta = parts.find((other) => other.name === part.name && other.fileName === undefined);
		const info = meta ? JSON.parse(meta.content.toString()) : {};
		return {
			key: part.name,
			fileName: part.fileName,
			contentType: part.contentType,
			mediaType: info.media_type,
			customData: info.custom_data,
			content: part.content,
		};
	});
}

function filesFromBase64(body) {
	const media = JSON.parse(body.toString());
	if (!Array.isArray(media)) throw new Error('expected a JSON array of media objects');
	return media.map((entry, index) => {
		if (!entry.media || !entry.name || !/\.[a-z0-9]+$/i.test(entry.name))
			throw new Error(`media ${index}: media and name (with extension) are required`);
		return {
			key: String(index),
			fileName: entry.name,
			contentType: undefined,
			mediaType: entry.media_type,
			customData: entry.custom_data,
			content: Buffer.from(entry.media, 'base64'),
		};
	});
}

/**
 * An OpenAI-compatible chat model that plays a script, so an AI Agent's tool use can be
 * tested without a real model. The step is the number of assistant turns already in the
 * conversation; a step is `{ toolCalls: [{ name, arguments }] }` or `{ content }` (a
 * string, or a function of the request for answers built from the tool results).
 */
async function openai(request, response, path, state) {
	if (bearer(request) !== SECRETS.openai)
		return send(response, 401, {
			error: {
				message: 'Incorrect API key provided',
				type: 'invalid_request_error',
				code: 'invalid_api_key',
			},
		});
	if (path === '/v1/models' && request.method === 'GET')
		return send(response, 200, {
			object: 'list',
			data: [{ id: 'sim-model', object: 'model', created: 0, owned_by: 'simulator' }],
		});
	if (path !== '/v1/chat/completions' || request.method !== 'POST')
		return send(response, 404, { error: { message: 'Not found', type: 'invalid_request_error' } });
	const body = JSON.parse((await readBody(request)).toString() || '{}');
	state.openai.requests.push(body);
	const turn = (body.messages || []).filter((message) => message.role === 'assistant').length;
	const step = state.openai.script[turn] || {
		content: 'The simulator has no more scripted steps.',
	};
	const message = { role: 'assistant', content: null };
	if (step.toolCalls) {
		const tools = (body.tools || []).map((tool) => tool.function && tool.function.name);
		message.tool_calls = step.toolCalls.map((call, index) => {
			if (!tools.includes(call.name))
				throw new Error(
					`the script calls tool "${call.name}" but the request offers ${tools.join(', ') || 'no tools'}`,
				);
			return {
				id: `call_${turn}_${index}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.arguments) },
			};
		});
	} else {
		message.content = typeof step.content === 'function' ? step.content(body) : step.content;
	}
	const finishReason = message.tool_calls ? 'tool_calls' : 'stop';
	const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
	const base = {
		id: `chatcmpl-sim-${state.openai.requests.length}`,
		created: 0,
		model: body.model || 'sim-model',
	};
	if (!body.stream)
		return send(response, 200, {
			...base,
			object: 'chat.completion',
			choices: [{ index: 0, message, finish_reason: finishReason }],
			usage,
		});
	// Streaming: the whole turn in one delta, then the finish reason, then [DONE].
	const delta = message.tool_calls
		? {
				role: 'assistant',
				tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
			}
		: { role: 'assistant', content: message.content };
	const chunks = [
		{
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta, finish_reason: null }],
		},
		{
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta: {}, finish_reason: finishReason }],
			usage,
		},
	];
	response.writeHead(200, { 'Content-Type': 'text/event-stream' });
	response.end(
		`${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`,
	);
	return undefined;
}

/**
 * @param {{ port?: number, host?: string, latencyMs?: number, socureRequestsPerSecond?: number, requireEntities?: boolean }} [options]
 *   latencyMs: added before answering each API request, like a remote service's round trip.
 *   socureRequestsPerSecond: Socure's per-key limit (its sandbox allows 10): more in any
 *   second get 429 with Retry-After: 1.
 *   requireEntities: Unit21's link-media and delete-all-media answer 404 for an entity never
 *   created through POST /v1/entities/create, as Unit21 does. Off by default: the examples
 *   link media to entities they never create.
 */
function createSimulator({
	port = 0,
	host = '127.0.0.1',
	latencyMs = 0,
	socureRequestsPerSecond = 0,
	requireEntities = false,
} = {}) {
	const recentSocure = [];
	// attempts: requests per Socure evaluation ID or Unit21 object ID, to check retry bounds.
	// log: "METHOD path" of every API request (the first 10,000).
	const state = {
		received: [],
		// Unit21 entities by ID: created ones, and (unless requireEntities) those media was linked to.
		entities: {},
		requireEntities,
		lockedOnce: new Set(),
		verifikImages: new Map(),
		counts: { socure: 0, unit21: 0 },
		attempts: {},
		openai: { script: [], requests: [] },
		log: [],
		// What the simulated RiskOS was told: state updates, feedback, imports (GET /_sim/riskos).
		riskos: { evaluations: new Map(), stateUpdates: [], feedback: [], imports: [] },
	};
	let baseUrl = '';
	const server = http.createServer(async (request, response) => {
		try {
			const path = request.url || '/';
			if (latencyMs > 0 && !path.startsWith('/_sim/'))
				await new Promise((resolve) => setTimeout(resolve, latencyMs));
			if (!path.startsWith('/_sim/') && state.log.length < 10_000)
				state.log.push(`${request.method} ${path}`);
			if (path === '/_sim/received') return send(response, 200, state.received);
			if (path === '/_sim/counts') return send(response, 200, state.counts);
			if (path === '/_sim/scenarios') return send(response, 200, SCENARIOS);
			if (path === '/_sim/riskos')
				return send(response, 200, {
					stateUpdates: state.riskos.stateUpdates,
					feedback: state.riskos.feedback,
					imports: state.riskos.imports,
				});
			if (path === '/_sim/entities') return send(response, 200, state.entities);
			if (path === '/_sim/reset' && request.method === 'POST') {
				state.received.length = 0;
				for (const entityId of Object.keys(state.entities)) delete state.entities[entityId];
				state.lockedOnce.clear();
				state.riskos.evaluations.clear();
				state.riskos.stateUpdates.length = 0;
				state.riskos.feedback.length = 0;
				state.riskos.imports.length = 0;
				return send(response, 200, {});
			}
			if (path.startsWith('/socure/')) {
				if (socureRequestsPerSecond > 0) {
					const now = Date.now();
					while (recentSocure.length && recentSocure[0] <= now - 1000) recentSocure.shift();
					if (recentSocure.length >= socureRequestsPerSecond) {
						state.counts.rateLimited = (state.counts.rateLimited || 0) + 1;
						return send(response, 429, { message: 'Too Many Requests' }, { 'Retry-After': '1' });
					}
					recentSocure.push(now);
				}
				return await socure(request, response, path.slice('/socure'.length), state);
			}
			if (path.startsWith('/verifik/'))
				return await verifik(request, response, path.slice('/verifik'.length), state, baseUrl);
			if (path.startsWith('/verifik-cdn/'))
				return verifikCdn(response, path.slice('/verifik-cdn'.length), state);
			if (path.startsWith('/unit21/'))
				return await unit21(request, response, path.slice('/unit21'.length), state);
			if (path.startsWith('/openai/'))
				return await openai(request, response, path.slice('/openai'.length), state);
			return send(response, 404, { message: 'Not Found' });
		} catch (error) {
			return send(response, 500, { message: String(error && error.message) });
		}
	});
	return new Promise((resolve) => {
		server.listen(port, host, () => {
			baseUrl = `http://${host}:${server.address().port}`;
			resolve({
				url: baseUrl,
				state,
				received: state.received,
				/** Sets the chat model's script (see openai()) and forgets earlier chat requests. */
				setOpenAiScript(script) {
					state.openai.script = script;
					state.openai.requests.length = 0;
				},
				close: () =>
					new Promise((done) => {
						server.close(done);
						// Stalled fault scenarios hold their sockets open.
						server.closeAllConnections();
					}),
			});
		});
	});
}

/**
 * RiskOS's side of a webhook delivery: a JSON POST of { event_id, event_at, event_type, data }
 * with the Authorization the webhook was configured with. `authorization: null` sends none.
 */
async function sendRiskOsEvent(
	url,
	{
		eventId = crypto.randomUUID(),
		eventType = 'evaluation_completed',
		data = {},
		authorization = `Bearer ${SECRETS.riskosWebhookToken}`,
	} = {},
) {
	const body = JSON.stringify({
		event_id: eventId,
		event_at: new Date().toISOString(),
		event_type: eventType,
		data,
	});
	return await post(url, body, authorization ? { Authorization: authorization } : {});
}

/**
 * Unit21's side: the body as bytes and `unit21-signature: t=<seconds>,s0=<HMAC-SHA256 of "t." + body>`.
 * `secret: null` sends no signature; `timestamp` lets a test send a stale one.
 */
async function sendUnit21Webhook(
	url,
	body,
	{ secret = SECRETS.unit21WebhookKey, timestamp = Math.floor(Date.now() / 1000) } = {},
) {
	const raw = typeof body === 'string' ? body : JSON.stringify(body);
	const headers = {};
	if (secret !== null)
		headers['unit21-signature'] =
			`t=${timestamp},s0=${crypto.createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
	return await post(url, raw, headers);
}

async function post(url, body, headers) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, body: await response.text() };
}

module.exports = { createSimulator, SCENARIOS, SECRETS, sendRiskOsEvent, sendUnit21Webhook };

if (require.main === module) {
	const portIndex = process.argv.indexOf('--port');
	const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 8765;
	createSimulator({ port }).then((sim) => {
		process.stdout.write(`API simulator on ${sim.url} (scenarios: ${sim.url}/_sim/scenarios)\n`);
	});
}
