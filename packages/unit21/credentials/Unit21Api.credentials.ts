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
import { UNIT21 } from '../nodes/Unit21/service';

export class Unit21Api implements ICredentialType {
	name = 'unit21Api';

	displayName = 'Unit21 API';

	icon: Icon = { light: 'file:../icons/unit21.svg', dark: 'file:../icons/unit21.dark.svg' };

	documentationUrl = 'https://docs.unit21.ai/';

	properties: INodeProperties[] = [
		...environmentProperties(UNIT21.environments, 'https://sandbox1-api.unit21.com'),
		{
			displayName: 'Organization Name',
			name: 'orgName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme_bank',
			description:
				'The org_name Unit21 assigned to your organization; it goes in entity and event paths',
		},
		secretField(
			'API Key',
			'apiKey',
			'A Unit21 API key (Settings → API Keys) of the environment selected above',
		),
	];

	authenticate: IAuthenticate = headerAuthentication('u21-key', '', 'apiKey');

	test: ICredentialTestRequest = getRequestTest(UNIT21.environments, '/v1/agents/list', {
		401: 'Unit21 rejected the API key: check it and the selected environment',
		403: 'The key is valid but lacks the agents read scope used for this test',
	});
}
