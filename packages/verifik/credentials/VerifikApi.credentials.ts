import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	environmentProperties,
	getRequestTest,
	headerAuthentication,
	secretField,
} from '@idv-documents/shared/descriptions/credentialFields';
import { VERIFIK } from '../nodes/Verifik/service';

export class VerifikApi implements ICredentialType {
	name = 'verifikApi';

	displayName = 'Verifik API';

	icon: Icon = { light: 'file:../icons/verifik.svg', dark: 'file:../icons/verifik.dark.svg' };

	documentationUrl = 'https://docs.verifik.co/';

	properties: INodeProperties[] = [
		...environmentProperties(VERIFIK.environments, 'https://api.verifik.co'),
		secretField(
			'Access Token',
			'accessToken',
			'The JWT from the Verifik dashboard (or its email/phone login). Tokens last about 30 days: paste a new one when it expires.',
		),
	];

	authenticate: IAuthenticate = headerAuthentication('Authorization', 'Bearer ', 'accessToken');

	test: ICredentialTestRequest = getRequestTest(VERIFIK.environments, '/v2/clients/me', {
		401: 'Verifik rejected the token: it is invalid or expired (tokens last about 30 days)',
	});
}
