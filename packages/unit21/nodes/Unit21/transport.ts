/**
 * Every call Unit21 gets from this package, and what its answers mean.
 */
import { providerMessage, saidBy } from '@idv-documents/shared/http/errors';
import type { ApiErrorWording } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';
import { isSuccess, jsonBody, providerBody } from '@idv-documents/shared/http/answer';
import { apiError } from '@idv-documents/shared/http/failures';
import { OBJECT_TYPES, isCustomerIdType, type Unit21ObjectType } from './objectTypes';

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
	const body = providerBody(scope, response);
	throw apiError(
		scope,
		response,
		unit21Wording(response.statusCode, body, scope.connection.environment, request, orgName),
	);
}

function unit21Wording(
	statusCode: number,
	body: unknown,
	environment: string,
	request: LinkMediaRequest,
	orgName: string,
): ApiErrorWording | undefined {
	const said = providerMessage(body);
	const saidSuffix = saidBy('Unit21', said);
	const object = `${OBJECT_TYPES[request.objectType].name} "${request.objectId}"`;
	if (statusCode === 409 || (statusCode < 500 && said && /placeholder/i.test(said))) {
		return {
			message: `Unit21 refused media for ${object}: placeholder ${OBJECT_TYPES[request.objectType].plural} cannot take media (HTTP ${statusCode})`,
			description: `Unit21 creates placeholders for objects it has only seen referenced. Create or update the ${request.objectType} in full first, then add media.${saidSuffix}`,
		};
	}
	switch (statusCode) {
		case 403:
			return {
				message: `The Unit21 API key may not add media to ${OBJECT_TYPES[request.objectType].plural} (HTTP 403)`,
				description: `Give the key write access to ${OBJECT_TYPES[request.objectType].plural} in Unit21 (Settings → API Keys), or use a key that has it.${saidSuffix}`,
			};
		case 404:
			return {
				message: `${object} does not exist for org "${orgName}" in the "${environment}" environment (HTTP 404)`,
				description: isCustomerIdType(request.objectType)
					? `Use your own ${request.objectType} ID (the one you sent to Unit21), and check the organization name and environment in the credential.${saidSuffix}`
					: `Use the Unit21 ID of the ${request.objectType} (a number shown in Unit21), and check the environment in the credential.${saidSuffix}`,
			};
		case 423:
			return {
				message: `Unit21 kept ${object} locked while updating it (HTTP 423), and retries were spent`,
				description: `Run the node again in a moment, or raise Max Retries.${saidSuffix}`,
			};
		default:
			// 401 and 429 mean the same for every call: the service's own wording.
			return undefined;
	}
}
