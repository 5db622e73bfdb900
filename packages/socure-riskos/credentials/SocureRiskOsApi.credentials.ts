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
import { SOCURE_RISKOS } from '../nodes/SocureRiskOs/service';

export class SocureRiskOsApi implements ICredentialType {
	name = 'socureRiskOsApi';

	displayName = 'Socure RiskOS API';

	icon: Icon = { light: 'file:../icons/socure.svg', dark: 'file:../icons/socure.dark.svg' };

	documentationUrl = 'https://docs.socure.com/';

	properties: INodeProperties[] = [
		...environmentProperties(SOCURE_RISKOS.environments, 'https://riskos.sandbox.socure.com'),
		secretField(
			'API Key',
			'apiKey',
			'From the RiskOS Dashboard: Developer Workbench → API & SDK Keys. Use the key of the environment selected above.',
		),
	];

	authenticate: IAuthenticate = headerAuthentication('Authorization', 'Bearer ', 'apiKey');

	// Socure has no "who am I" endpoint: a random evaluation answers 404 to a valid key
	// and 401 to an invalid one. So every status passes except 401 and 403, which fail
	// with the rules' messages. (n8n 1.x ignores `except` and cannot tell them apart.)
	test: ICredentialTestRequest = getRequestTest(
		SOCURE_RISKOS.environments,
		'/api/evaluation/00000000-0000-4000-8000-000000000000/documents',
		{
			401: 'Socure rejected the API key: check it, and that it belongs to the selected environment',
			403: 'The API key lacks permission for evaluations: ask your Socure admin',
		},
		{ ignoreHttpStatusErrors: { ignore: true, except: [401, 403] } },
	);
}
