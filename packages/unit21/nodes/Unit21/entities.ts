/**
 * Unit21 entities as the Create or Update and Delete All Media operations send them:
 * the request body of POST /v1/entities/create built from plain parameter values, and
 * the checks that word a bad value before anything is sent. Pure functions; the
 * operations read the parameters and turn an EntityInputError into the item's error.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jsonTextNestsDeeperThan, valueNestsDeeperThan } from '@idv-documents/shared/http/errors';
import { runsAsTool } from '@idv-documents/shared/run/toolMode';
import { toEpochSeconds } from './media';
import { MAX_CUSTOM_DATA_DEPTH } from './mediaDetails';

/** A value the user gave that Unit21 would refuse or misread: what is wrong, and the fix. */
export class EntityInputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'EntityInputError';
	}
}

/** The item's error for a refused value; anything else (a bug) is still named by its item. */
export function entityInputFailure(
	context: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	error: unknown,
): NodeOperationError {
	return error instanceof EntityInputError
		? new NodeOperationError(context.getNode(), error.message, {
				itemIndex,
				description: error.description,
			})
		: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * The input item's files, for an entity operation's output item: they pass through
 * (references, not copies), so "create or update the entity, delete its media, then Add
 * Media" chains without a Merge node. An AI Agent's model receives JSON only: none then.
 */
export function passedFiles(
	context: IExecuteFunctions,
	itemIndex: number,
): Pick<INodeExecutionData, 'binary'> {
	if (runsAsTool(context)) return {};
	const binary = context.getInputData()[itemIndex]?.binary;
	return binary && Object.keys(binary).length ? { binary } : {};
}

/**
 * An entity write's output item: Unit21's answer unchanged when it says anything, else
 * `fallback` (what was done), with the input item's files passed on.
 */
export function entityWriteOutput(
	context: IExecuteFunctions,
	itemIndex: number,
	answer: unknown,
	fallback: IDataObject,
): INodeExecutionData[] {
	const json =
		answer && typeof answer === 'object' && !Array.isArray(answer) && Object.keys(answer).length
			? (answer as IDataObject)
			: fallback;
	return [{ json, ...passedFiles(context, itemIndex) }];
}

/** Entity IDs are the customer's own: 1–128 of the characters Unit21 documents. */
const ENTITY_ID = /^[-_:.@a-zA-Z0-9!#$%&*+/=?^`{']{1,128}$/;

/** Unit21 keeps at most this many documents per entity. */
export const MAX_DOCUMENTS = 1000;

export function checkEntityId(raw: unknown): string {
	const id = String(raw ?? '').trim();
	// "." and ".." pass encodeURIComponent and URL parsing resolves them: the request would go to another path.
	if (!ENTITY_ID.test(id) || /^\.+$/.test(id)) {
		throw new EntityInputError(
			id ? `Entity ID "${id}" is not a valid Unit21 entity ID` : 'Entity ID is empty',
			"Use 1 to 128 characters of letters, digits and -_:.@!#$%&*+/=?^`{', not dots alone (your own entity ID).",
		);
	}
	return id;
}

/** The org name entity paths need, from the credential. */
export function checkOrgName(credentials: IDataObject): string {
	const orgName = String(credentials.orgName ?? '').trim();
	if (!orgName) {
		throw new EntityInputError(
			'The Unit21 credential has no Organization Name',
			'Enter the org_name Unit21 assigned to you in the Unit21 API credential; entity paths need it.',
		);
	}
	return orgName;
}

/** A date-time without a zone: read as UTC, so the result does not depend on the n8n server's time zone. */
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * Epoch seconds from what a user or an upstream node gives: epoch seconds or
 * milliseconds, an ISO date (midnight UTC) or date-time (UTC when it has no zone);
 * undefined when empty.
 */
export function epochSecondsOf(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'string' ? value.trim() : value;
	if (text === '') return undefined;
	const normalised = typeof text === 'string' && ZONELESS_DATE_TIME.test(text) ? `${text}Z` : text;
	const seconds = toEpochSeconds(normalised);
	if (seconds === undefined) {
		throw new EntityInputError(
			`${field} "${String(value)}" is not a date`,
			'Enter a date (2031-05-01), a date and time (2031-05-01T12:00:00Z; UTC when it has no zone) or epoch seconds (1951222400).',
		);
	}
	return seconds;
}

/** Year, month and day of birth as Unit21 takes them, from YYYY-MM-DD (or an ISO date-time's date). */
export function birthDateFields(value: unknown): IDataObject | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
	const [year, month, day] = match ? match.slice(1).map(Number) : [];
	const date = match ? new Date(Date.UTC(year, month - 1, day)) : undefined;
	if (
		!date ||
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	) {
		throw new EntityInputError(
			`Date of Birth "${text}" is not a date`,
			'Enter the date as YYYY-MM-DD, e.g. 1990-12-23.',
		);
	}
	return { day_of_birth: day, month_of_birth: month, year_of_birth: year };
}

/**
 * A JSON object from a JSON parameter (text or, from an expression, an object); undefined
 * when empty. Nested deeper than Add Media's Custom Data may be, it is refused: sending
 * it would overflow the call stack instead of failing in words.
 */
export function jsonObjectOf(
	value: unknown,
	field: string,
	example: string,
): IDataObject | undefined {
	if (value === undefined || value === null) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (!value.trim()) return undefined;
		// Counted in the text: parsing 200,000 levels works, but everything after it would not.
		if (jsonTextNestsDeeperThan(value, MAX_CUSTOM_DATA_DEPTH)) throw tooDeep(field);
		const outcome = parseJson(value);
		if ('error' in outcome) {
			throw new EntityInputError(
				`${field} is not valid JSON`,
				`${outcome.error}. Enter a JSON object, e.g. ${example}. Received: ${value.slice(0, 200)}`,
			);
		}
		parsed = outcome.value;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new EntityInputError(
			`${field} must be a JSON object`,
			`Wrap the values in {…}, e.g. ${example}.`,
		);
	}
	if (valueNestsDeeperThan(parsed, MAX_CUSTOM_DATA_DEPTH)) throw tooDeep(field);
	return parsed as IDataObject;
}

function tooDeep(field: string): EntityInputError {
	return new EntityInputError(
		`${field} is nested more than ${MAX_CUSTOM_DATA_DEPTH} levels deep`,
		"Flatten it: Unit21's entity fields are a few levels deep, so keep the values a few levels down, or send a deep structure as a JSON string in one field.",
	);
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** `a, b ,c` → ['a', 'b', 'c']; an array (from an expression) is taken as it is. */
export function listOf(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return entries.map((entry) => String(entry ?? '').trim()).filter(Boolean);
}

/** One row of the Documents parameter, as the user filled it in. */
export interface DocumentInput {
	documentId?: unknown;
	documentType?: unknown;
	country?: unknown;
	state?: unknown;
	issuedAt?: unknown;
	expiresAt?: unknown;
}

export function documentData(rows: DocumentInput[]): IDataObject[] {
	return rows.map((row, index) => {
		const label = `Document ${index + 1}`;
		const documentId = String(row.documentId ?? '').trim();
		const documentType = String(row.documentType ?? '').trim();
		if (!documentId || !documentType) {
			throw new EntityInputError(
				`${label} has no ${documentId ? 'Document Type' : 'Document ID'}`,
				'Unit21 requires both the document ID (its number) and its type (e.g. drivers_license, passport) for every document.',
			);
		}
		const country = String(row.country ?? '').trim();
		const state = String(row.state ?? '').trim();
		const issuedAt = epochSecondsOf(row.issuedAt, `${label}: Issued At`);
		const expiresAt = epochSecondsOf(row.expiresAt, `${label}: Expires At`);
		return {
			document_id: documentId,
			document_type: documentType,
			...(country ? { country } : {}),
			...(state ? { state } : {}),
			...(issuedAt !== undefined ? { issued_at: issuedAt } : {}),
			...(expiresAt !== undefined ? { expires_at: expiresAt } : {}),
		};
	});
}

/** One row of the Risk Scores parameter. */
export interface RiskScoreInput {
	name?: unknown;
	score?: unknown;
	denominator?: unknown;
}

/** A whole number from a number parameter or an expression's string; undefined when not one. */
function wholeNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() ? Number(value) : value;
	return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
}

export function riskScores(rows: RiskScoreInput[]): IDataObject[] {
	return rows.map((row, index) => {
		const label = `Risk Score ${index + 1}`;
		const name = String(row.name ?? '').trim();
		if (!name) {
			throw new EntityInputError(
				`${label} has no Name`,
				'Name each score, e.g. socure_riskos_score: Unit21 shows scores by name.',
			);
		}
		const score = wholeNumber(row.score);
		if (score === undefined) {
			throw new EntityInputError(
				`${label} ("${name}"): Score "${String(row.score)}" is not a whole number`,
				'Unit21 takes integer scores with a denominator: for 0.93 send 93 with Denominator 100, e.g. {{ Math.round($json.score * 100) }}.',
			);
		}
		// 0 (the default) sends none: Unit21 then divides by 10 to the power of the score's digits.
		const unset =
			row.denominator === undefined ||
			row.denominator === null ||
			row.denominator === '' ||
			row.denominator === 0;
		const denominator = unset ? undefined : wholeNumber(row.denominator);
		if (!unset && (denominator === undefined || denominator < 1)) {
			throw new EntityInputError(
				`${label} ("${name}"): Denominator "${String(row.denominator)}" is not a positive whole number`,
				'Enter a whole number such as 100 or 1000, or 0 to let Unit21 pick one.',
			);
		}
		return { name, score, ...(denominator !== undefined ? { denominator } : {}) };
	});
}

/** Everything the node's own parameters say about the entity, in Unit21's field names. */
export interface EntityFields {
	entityId: string;
	entityType: string;
	/** general_data beyond entity_id and entity_type: entity_subtype, status, registered_at, tags. */
	general: IDataObject;
	userData?: IDataObject;
	businessData?: IDataObject;
	communicationData?: IDataObject;
	documents: IDataObject[];
	riskScores: IDataObject[];
	customData?: IDataObject;
	upsertOnConflict: boolean;
	mergeCustomData: boolean;
}

/** The sections that are objects: merged key by key, the node's fields winning. */
const OBJECT_SECTIONS = [
	'general_data',
	'user_data',
	'business_data',
	'communication_data',
	'custom_data',
	'options',
] as const;
/** The sections that are lists: the node's entries follow the JSON's. */
const LIST_SECTIONS = ['document_data', 'risk_scores'] as const;

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The body of POST /v1/entities/create. `otherFields` (the Other API Fields JSON) is
 * the base: every key of it is sent; where the node's parameters fill the same section,
 * an object section is merged key by key with the parameters winning, and a list
 * section gets the parameters' entries after the JSON's.
 */
export function entityRequestBody(
	fields: EntityFields,
	otherFields: IDataObject = {},
): IDataObject {
	const ours: IDataObject = {
		general_data: {
			...fields.general,
			entity_id: fields.entityId,
			entity_type: fields.entityType,
		},
		...(fields.userData && Object.keys(fields.userData).length
			? { user_data: fields.userData }
			: {}),
		...(fields.businessData && Object.keys(fields.businessData).length
			? { business_data: fields.businessData }
			: {}),
		...(fields.communicationData && Object.keys(fields.communicationData).length
			? { communication_data: fields.communicationData }
			: {}),
		...(fields.documents.length ? { document_data: fields.documents } : {}),
		...(fields.riskScores.length ? { risk_scores: fields.riskScores } : {}),
		...(fields.customData && Object.keys(fields.customData).length
			? { custom_data: fields.customData }
			: {}),
		options: {
			upsert_on_conflict: fields.upsertOnConflict,
			merge_custom_data: fields.mergeCustomData,
		},
	};
	const body: IDataObject = { ...otherFields };
	for (const section of OBJECT_SECTIONS) {
		if (!(section in ours)) continue;
		const theirs = otherFields[section];
		if (theirs !== undefined && !isObject(theirs)) {
			throw new EntityInputError(
				`Other API Fields: "${section}" must be a JSON object`,
				`Unit21 takes ${section} as an object, e.g. {"${section}": {…}}; or leave it to the node's own parameters.`,
			);
		}
		body[section] = { ...(theirs ?? {}), ...(ours[section] as IDataObject) };
	}
	for (const section of LIST_SECTIONS) {
		if (!(section in ours)) continue;
		const theirs = otherFields[section];
		if (theirs !== undefined && !Array.isArray(theirs)) {
			throw new EntityInputError(
				`Other API Fields: "${section}" must be a JSON array`,
				`Unit21 takes ${section} as a list, e.g. {"${section}": [{…}]}.`,
			);
		}
		body[section] = [
			...((theirs as IDataObject[] | undefined) ?? []),
			...(ours[section] as IDataObject[]),
		];
	}
	const documents = body.document_data;
	if (Array.isArray(documents) && documents.length > MAX_DOCUMENTS) {
		throw new EntityInputError(
			`${documents.length} documents for entity "${fields.entityId}", over Unit21's limit of ${MAX_DOCUMENTS}`,
			'Unit21 keeps at most 1,000 documents per entity: send the current ones only.',
		);
	}
	return body;
}
