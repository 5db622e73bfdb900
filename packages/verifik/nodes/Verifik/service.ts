import type { ServiceDefinition } from '@idv-documents/shared/http/service';

export const VERIFIK: ServiceDefinition = {
	title: 'Verifik',
	credentialType: 'verifikApi',
	secretFields: ['accessToken'],
	environments: [
		{ value: 'production', name: 'Production', url: 'https://api.verifik.co' },
		{ value: 'sandbox', name: 'Sandbox', url: 'https://api-sandbox.verifik.co' },
	],
	statusWording: {
		401: () => ({
			message: 'Verifik rejected the access token (HTTP 401): it is invalid or expired',
			description:
				'Verifik tokens last about 30 days. Copy a new token from the Verifik dashboard (or log in again with the email/phone code) and paste it into the Verifik API credential.',
		}),
		429: () => ({
			message: 'Verifik rate limit reached (HTTP 429) and retries were spent',
			description:
				'Verifik allows about 1,000 requests an hour, 100 an hour for validations. Lower the pace or try later.',
		}),
	},
};
