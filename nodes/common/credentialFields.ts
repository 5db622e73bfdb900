/**
 * Credential fields built from the environments table, so the selector, the
 * custom Base URL field and the credential test all share one list of hosts.
 */
import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_ENVIRONMENT, ENVIRONMENTS, defaultEnvironment, type ServiceName } from '../shared/environments';

export function environmentProperties(service: ServiceName, customExample: string): INodeProperties[] {
	return [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: defaultEnvironment(service),
			options: [
				...ENVIRONMENTS[service].map((env) => ({
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
			description: 'Scheme, host and optional path prefix; the documented API paths are appended to it',
			displayOptions: { show: { environment: [CUSTOM_ENVIRONMENT] } },
		},
	];
}
