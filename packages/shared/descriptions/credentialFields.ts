/**
 * Credential fields built from the environments table, so the selector, the
 * custom Base URL field and the credential test all share one list of hosts.
 */
import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	baseUrlExpression,
	CUSTOM_ENVIRONMENT,
	defaultEnvironment,
	type EnvironmentTable,
} from '../http/environments';
import { secretAsSent } from '../http/secrets';

export function environmentProperties(
	environments: EnvironmentTable,
	customExample: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: defaultEnvironment(environments),
			options: [
				...environments.map((env) => ({
					name: env.name,
					value: env.value,
					description: env.url,
				})),
				{
					name: 'Custom',
					value: CUSTOM_ENVIRONMENT,
					description: 'A proxy, regional host or local simulator: enter its Base URL',
				},
			],
			description: 'Which host the key belongs to. Sandbox and production keys are separate.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: customExample,
			description:
				'Scheme, host and optional path prefix; the documented API paths are appended to it',
			displayOptions: { show: { environment: [CUSTOM_ENVIRONMENT] } },
		},
	];
}

/** A secret the user pastes (API key, token): a required password field, masked everywhere. */
export function secretField(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description,
	};
}

/**
 * Sends one credential field in one request header, e.g. `Authorization: Bearer <apiKey>`.
 * A function rather than n8n's `={{$credentials.…}}` template: n8n evaluates a template as
 * an expression on every request (n8n 2.x in an isolate), which cost bulk runs about a
 * tenth of their time. The field is sent as secretAsSent makes it (a pasted key's stray
 * newline is no header), the form the connection masks in anything a server echoes.
 */
export function headerAuthentication(header: string, prefix: string, field: string): IAuthenticate {
	return async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			[header]: `${prefix}${secretAsSent(credentials[field])}`,
		},
	});
}

/**
 * The credential's Test button: a GET of `url` on the host the credential selects; each
 * listed status fails with its message (what to fix), any other answer passes or fails
 * by n8n's rules for `request` (e.g. ignoreHttpStatusErrors).
 */
export function getRequestTest(
	environments: EnvironmentTable,
	url: string,
	failures: Record<number, string>,
	request: Partial<ICredentialTestRequest['request']> = {},
): ICredentialTestRequest {
	return {
		request: { baseURL: baseUrlExpression(environments), url, method: 'GET', ...request },
		rules: Object.entries(failures).map(([value, message]) => ({
			type: 'responseCode',
			properties: { value: Number(value), message },
		})),
	};
}
