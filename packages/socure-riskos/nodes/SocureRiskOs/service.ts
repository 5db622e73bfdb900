import { saidBy } from '@idv-documents/shared/http/errors';
import type { ServiceDefinition } from '@idv-documents/shared/http/service';

export const SOCURE_RISKOS: ServiceDefinition = {
	title: 'Socure RiskOS',
	credentialType: 'socureRiskOsApi',
	secretFields: ['apiKey'],
	environments: [
		{ value: 'sandbox', name: 'Sandbox', url: 'https://riskos.sandbox.socure.com' },
		{ value: 'production', name: 'Production', url: 'https://riskos.socure.com' },
	],
	statusWording: {
		401: ({ environment, said }) => ({
			message: 'Socure RiskOS rejected the API key (HTTP 401)',
			description: `Check the API key in the Socure RiskOS credential and that it belongs to the "${environment}" environment: sandbox and production keys are separate.${saidBy('Socure', said)}`,
		}),
		429: ({ said }) => ({
			message: 'Socure RiskOS rate limit reached (HTTP 429) and retries were spent',
			description: `Socure allows 10 requests/s and 1,000/day per sandbox key; production limits are set per customer. Lower the pace or raise Max Retries.${saidBy('Socure', said)}`,
		}),
	},
};
