import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { environmentProperties } from '../nodes/common/credentialFields';
import { baseUrlExpression } from '../nodes/shared/environments';

export class VerifikApi implements ICredentialType {
	name = 'verifikApi';

	displayName = 'Verifik API';

	icon: Icon = { light: 'file:../icons/verifik.svg', dark: 'file:../icons/verifik.dark.svg' };

	documentationUrl = 'https://docs.verifik.co/';

	properties: INodeProperties[] = [
		...environmentProperties('verifik', 'https://api.verifik.co'),
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The JWT from the Verifik dashboard (or its email/phone login). Tokens last about 30 days: paste a new one when it expires.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression('verifik'),
			url: '/v2/clients/me',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Verifik rejected the token: it is invalid or expired (tokens last about 30 days)',
				},
			},
		],
	};
}
