/**
 * Every call Unit21 gets from this package, and what its answers mean.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { providerMessage, saidBy } from '@idv-documents/shared/http/errors';
import type { ApiErrorWording } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';
import {
	isSuccess,
	jsonBody,
	providerBody,
	type ServiceResponse,
} from '@idv-documents/shared/http/answer';
import { apiError } from '@idv-documents/shared/http/failures';
import { OBJECT_TYPES, isCustomerIdType, type Unit21ObjectType } from './objectTypes';

/**
 * A 409, or a refusal naming a placeholder: Unit21 keeps placeholders for objects it has
 * only seen referenced, and they take no writes.
 */
function refusedAsPlaceholder(statusCode: number, said: string | undefined): boolean {
	return statusCode === 409 || (statusCode < 500 && !!said && /placeholder/i.test(said));
}

/** A failed answer as the calls word it: its status, body and what Unit21 said in it. */
interface Refusal {
	statusCode: number;
	body: unknown;
	said: string | undefined;
	/** What Unit21 said, as a sentence to end a description with ('' when nothing). */
	saidSuffix: string;
}

/** The error of a failed answer, worded by the call where it has words for the status. */
function refusalError(
	scope: ItemScope,
	response: ServiceResponse,
	wording: (refusal: Refusal) => ApiErrorWording | undefined,
): NodeApiError {
	const body = providerBody(scope, response);
	const said = providerMessage(body);
	const refusal = {
		statusCode: response.statusCode,
		body,
		said,
		saidSuffix: saidBy('Unit21', said),
	};
	return apiError(scope, response, wording(refusal));
}

/** A 403: the key may not make this change (`action`) to `objects`. */
function forbiddenWording(action: string, objects: string, saidSuffix: string): ApiErrorWording {
	return {
		message: `The Unit21 API key may not ${action} (HTTP 403)`,
		description: `Give the key write access to ${objects} in Unit21 (Settings → API Keys), or use a key that has it.${saidSuffix}`,
	};
}

/** A 404 of an object addressed under the org; `advice` ends with what Unit21 said. */
function notFoundWording(
	object: string,
	orgName: string,
	environment: string,
	advice: string,
): ApiErrorWording {
	return {
		message: `${object} does not exist for org "${orgName}" in the "${environment}" environment (HTTP 404)`,
		description: advice,
	};
}

/** A 423 that outlasted the retries: the object was locked by an update of Unit21's own. */
function lockedWording(object: string, saidSuffix: string): ApiErrorWording {
	return {
		message: `Unit21 kept ${object} locked while updating it (HTTP 423), and retries were spent`,
		description: `Run the node again in a moment, or raise Max Retries.${saidSuffix}`,
	};
}

/** Entities and events are addressed by the customer's own ID under the org; alerts and cases by Unit21's ID. */
export function linkMediaPath(
	objectType: Unit21ObjectType,
	objectId: string,
	orgName: string,
): string {
	const id = encodeURIComponent(objectId);
	const org = encodeURIComponent(orgName);
	switch (objectType) {
		case 'entity':
			return `/v1/${org}/entities/${id}/link-media`;
		case 'event':
			return `/v1/${org}/events/${id}/link-media`;
		case 'alert':
			return `/v1/alerts/${id}/link-media`;
		case 'case':
			return `/v1/cases/${id}/link-media`;
	}
}

export interface LinkMediaRequest {
	objectType: Unit21ObjectType;
	objectId: string;
	body: Buffer;
	contentType: string;
	/** The user chose to resend an upload whose outcome is unknown (it may link the media twice). */
	resendWhenUnsure?: boolean;
}

/** PUT …/link-media; returns Unit21's (usually empty) JSON answer. */
export async function linkMedia(scope: ItemScope, request: LinkMediaRequest): Promise<unknown> {
	const orgName = String(scope.connection.credentials.orgName ?? '').trim();
	const response = await sendServiceRequest(scope, {
		method: 'PUT',
		path: linkMediaPath(request.objectType, request.objectId, orgName),
		headers: { 'Content-Type': request.contentType },
		body: request.body,
		changes: {
			ifUnsure: `Check the media of ${OBJECT_TYPES[request.objectType].name} "${request.objectId}" in Unit21 before running the node again, or the files may be linked twice.`,
			resendWhenUnsure: request.resendWhenUnsure,
		},
	});
	if (isSuccess(response)) {
		// A 200 from Unit21 means linked; only a proxy's page would mean it never arrived.
		return jsonBody(scope, response, {
			allowEmpty: true,
			consequence: `The answer was a success, so the files may have been linked: check the media of ${OBJECT_TYPES[request.objectType].name} "${request.objectId}" in Unit21 before running the node again, or they may be linked twice.`,
		});
	}
	throw refusalError(scope, response, (refusal) =>
		linkMediaWording(refusal, scope.connection.environment, request, orgName),
	);
}

function linkMediaWording(
	{ statusCode, said, saidSuffix }: Refusal,
	environment: string,
	request: LinkMediaRequest,
	orgName: string,
): ApiErrorWording | undefined {
	const object = `${OBJECT_TYPES[request.objectType].name} "${request.objectId}"`;
	if (refusedAsPlaceholder(statusCode, said)) {
		return {
			message: `Unit21 refused media for ${object}: placeholder ${OBJECT_TYPES[request.objectType].plural} cannot take media (HTTP ${statusCode})`,
			description: `Unit21 creates placeholders for objects it has only seen referenced. Create or update the ${request.objectType} in full first, then add media.${saidSuffix}`,
		};
	}
	switch (statusCode) {
		case 403: {
			const objects = OBJECT_TYPES[request.objectType].plural;
			return forbiddenWording(`add media to ${objects}`, objects, saidSuffix);
		}
		case 404:
			return notFoundWording(
				object,
				orgName,
				environment,
				isCustomerIdType(request.objectType)
					? `Use your own ${request.objectType} ID (the one you sent to Unit21), and check the organization name and environment in the credential.${saidSuffix}`
					: `Use the Unit21 ID of the ${request.objectType} (a number shown in Unit21), and check the environment in the credential.${saidSuffix}`,
			);
		case 423:
			return lockedWording(object, saidSuffix);
		default:
			// 401 and 429 mean the same for every call: the service's own wording.
			return undefined;
	}
}

/** Creating entities is not scoped by org: the key's org is implied. */
export const CREATE_ENTITY_PATH = '/v1/entities/create';

export function deleteAllMediaPath(orgName: string, entityId: string): string {
	return `/v1/${encodeURIComponent(orgName)}/entities/${encodeURIComponent(entityId)}/delete-all-media`;
}

export interface CreateEntityRequest {
	entityId: string;
	body: IDataObject;
	upsertOnConflict: boolean;
	/** The user chose to resend a strict create (upsert off) whose outcome is unknown. */
	resendWhenUnsure?: boolean;
}

/** POST /v1/entities/create (an upsert unless told otherwise); returns Unit21's JSON answer, `{}` when empty. */
export async function createOrUpdateEntity(
	scope: ItemScope,
	request: CreateEntityRequest,
): Promise<unknown> {
	const response = await sendServiceRequest(scope, {
		method: 'POST',
		path: CREATE_ENTITY_PATH,
		body: request.body,
		changes: {
			ifUnsure: `Check entity "${request.entityId}" in Unit21 before running the node again: it may have been created, and a second strict create answers 409.`,
			// An upsert is safe to resend: Unit21 ignores a request identical to one it already
			// processed, and applying the same upsert twice leaves the entity as applying it once
			// (nothing is created twice; entity IDs are unique). With Upsert on Conflict off, a
			// processed first attempt would make the resend answer 409 and report an entity this
			// very request created as a conflict: then it is resent only when provably unprocessed.
			resendWhenUnsure: request.upsertOnConflict || request.resendWhenUnsure,
		},
	});
	if (isSuccess(response)) {
		return jsonBody(scope, response, {
			allowEmpty: true,
			consequence: 'The entity may or may not have been saved: check it in Unit21.',
		});
	}
	throw refusalError(scope, response, (refusal) => createEntityWording(refusal, request));
}

export interface DeleteAllMediaRequest {
	entityId: string;
	/** The user chose to resend a deletion whose outcome is unknown. */
	resendWhenUnsure?: boolean;
}

/** PUT /v1/{org}/entities/{id}/delete-all-media; returns Unit21's JSON answer, `{}` when empty. */
export async function deleteAllEntityMedia(
	scope: ItemScope,
	request: DeleteAllMediaRequest,
): Promise<unknown> {
	const orgName = String(scope.connection.credentials.orgName ?? '').trim();
	const response = await sendServiceRequest(scope, {
		method: 'PUT',
		path: deleteAllMediaPath(orgName, request.entityId),
		changes: {
			// Not resent by default although deleting twice leaves no media either way: media linked
			// by someone else between a processed first attempt and the resend would be deleted
			// too, and Unit21 has no endpoint to get it back.
			ifUnsure: `Check the media of Entity "${request.entityId}" in Unit21 before running the node again.`,
			resendWhenUnsure: request.resendWhenUnsure,
		},
	});
	if (isSuccess(response)) {
		return jsonBody(scope, response, {
			allowEmpty: true,
			consequence: 'The media may or may not have been deleted: check the entity in Unit21.',
		});
	}
	throw refusalError(scope, response, (refusal) =>
		deleteAllMediaWording(refusal, scope.connection.environment, request, orgName),
	);
}

function createEntityWording(
	{ statusCode, body, said, saidSuffix }: Refusal,
	request: CreateEntityRequest,
): ApiErrorWording | undefined {
	const entity = `entity "${request.entityId}"`;
	switch (statusCode) {
		case 400: {
			// The reason alone in the message ({error_code, message}); both in the description.
			const reason =
				body && typeof body === 'object' && typeof (body as IDataObject).message === 'string'
					? String((body as IDataObject).message)
					: said;
			return {
				message: `Unit21 refused ${entity} (HTTP 400)${reason ? `: ${reason}` : ''}`,
				description: `Correct the field Unit21 names. Fields from Other API Fields (JSON) are sent as written; dates go as epoch seconds, scores as whole numbers.${saidSuffix}`,
			};
		}
		case 403:
			return forbiddenWording('create or update entities', 'entities', saidSuffix);
		case 409:
			return request.upsertOnConflict
				? {
						message: `Unit21 refused to update ${entity} (HTTP 409)`,
						description: `Unit21 does not update whitelisted entities through this endpoint, nor change an entity's ID.${saidSuffix}`,
					}
				: {
						message: `Entity "${request.entityId}" already exists in Unit21, and Upsert on Conflict is off (HTTP 409)`,
						description: `Turn on Upsert on Conflict (in Options) to update it, or use another entity ID.${saidSuffix}`,
					};
		case 423:
			return lockedWording(`Entity "${request.entityId}"`, saidSuffix);
		default:
			return undefined;
	}
}

function deleteAllMediaWording(
	{ statusCode, said, saidSuffix }: Refusal,
	environment: string,
	request: DeleteAllMediaRequest,
	orgName: string,
): ApiErrorWording | undefined {
	const entity = `Entity "${request.entityId}"`;
	if (refusedAsPlaceholder(statusCode, said)) {
		return {
			message: `Unit21 refused to delete the media of ${entity}: placeholder entities cannot be updated (HTTP ${statusCode})`,
			description: `Unit21 creates placeholders for entities it has only seen referenced. Create the entity in full first (Entity → Create or Update).${saidSuffix}`,
		};
	}
	switch (statusCode) {
		case 403:
			return forbiddenWording('delete the media of entities', 'entities', saidSuffix);
		case 404:
			return notFoundWording(
				entity,
				orgName,
				environment,
				`Use your own entity ID (the one you sent to Unit21), or create the entity first (Entity → Create or Update); check the organization name and environment in the credential.${saidSuffix}`,
			);
		case 423:
			return lockedWording(entity, saidSuffix);
		default:
			return undefined;
	}
}
