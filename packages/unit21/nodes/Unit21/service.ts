import { saidBy } from '@idv-documents/shared/http/errors';
import type { ServiceDefinition } from '@idv-documents/shared/http/service';

export const UNIT21: ServiceDefinition = {
	title: 'Unit21',
	credentialType: 'unit21Api',
	secretFields: ['apiKey'],
	environments: [
		{ value: 'sandbox1', name: 'Sandbox 1', url: 'https://sandbox1-api.unit21.com' },
		{ value: 'sandbox2', name: 'Sandbox 2', url: 'https://sandbox2-api.unit21.com' },
		{ value: 'sandboxEu', name: 'Sandbox EU', url: 'https://api.sandbox1.eu-central-1.unit21.com' },
		{ value: 'production1', name: 'Production 1', url: 'https://api.unit21.com' },
		{ value: 'production2', name: 'Production 2', url: 'https://api.prod2.unit21.com' },
		{
			value: 'productionEu',
			name: 'Production EU',
			url: 'https://api.prod1.eu-central-1.unit21.com',
		},
	],
	statusWording: {
		401: ({ environment, said }) => ({
			message: 'Unit21 rejected the API key (HTTP 401)',
			description: `Check the API key in the Unit21 API credential and that it belongs to the "${environment}" environment.${saidBy('Unit21', said)}`,
		}),
		429: ({ said }) => ({
			message: 'Unit21 rate limit reached (HTTP 429) and retries were spent',
			description: `Waits followed X-RateLimit-Reset. Lower the pace (e.g. a Loop Over Items node with a Wait) or try later.${saidBy('Unit21', said)}`,
		}),
	},
};
