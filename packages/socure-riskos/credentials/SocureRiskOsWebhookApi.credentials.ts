import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What RiskOS sends with each webhook delivery, as set in Developer Workbench →
 * Webhooks → Auth Type. n8n does not call RiskOS with it: the Socure RiskOS Trigger
 * compares each delivery's Authorization header with it.
 */
export class SocureRiskOsWebhookApi implements ICredentialType {
	name = 'socureRiskOsWebhookApi';

	displayName = 'Socure RiskOS Webhook API';

	icon: Icon = { light: 'file:../icons/socure.svg', dark: 'file:../icons/socure.dark.svg' };

	documentationUrl =
		'https://github.com/idv-documents/n8n-nodes-idv-documents/blob/main/docs/webhooks.md#socure-riskos-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth Type',
			name: 'authType',
			type: 'options',
			default: 'bearer',
			options: [
				{
					name: 'Bearer Token',
					value: 'bearer',
					description: 'RiskOS sends Authorization: Bearer <token>',
				},
				{
					name: 'Basic Authentication',
					value: 'basic',
					description: 'RiskOS sends Authorization: Basic <username:password>',
				},
			],
			description: 'The Auth Type chosen for this webhook in RiskOS (OAuth2 is not supported)',
		},
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '3f1c2a9e-6b7d-4c1e-9a2b-5d8e7f6a4b3c',
			description:
				'The same token (a UUID) you enter as the Bearer Token in RiskOS; generate one with any UUID tool',
			displayOptions: { show: { authType: ['bearer'] } },
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The username entered for Basic Authentication in RiskOS',
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The password entered for Basic Authentication in RiskOS',
			displayOptions: { show: { authType: ['basic'] } },
		},
	];
}
