import { SocureRiskOsApi } from '../../packages/socure-riskos/credentials/SocureRiskOsApi.credentials';
import { Unit21Api } from '../../packages/unit21/credentials/Unit21Api.credentials';
import { VerifikApi } from '../../packages/verifik/credentials/VerifikApi.credentials';
import { baseUrlExpression } from '@idv-documents/shared/http/environments';
import { SOCURE_RISKOS } from '../../packages/socure-riskos/nodes/SocureRiskOs/service';
import { UNIT21 } from '../../packages/unit21/nodes/Unit21/service';
import { VERIFIK } from '../../packages/verifik/nodes/Verifik/service';

const rule = (value: number, message: string) => ({
	type: 'responseCode',
	properties: { value, message },
});

// The Test button's request and rules, as n8n reads them from each credential class.
test.each([
	[
		'Socure RiskOS: a random evaluation; only 401 and 403 fail',
		new SocureRiskOsApi().test,
		{
			request: {
				baseURL: baseUrlExpression(SOCURE_RISKOS.environments),
				url: '/api/evaluation/00000000-0000-4000-8000-000000000000/documents',
				method: 'GET',
				ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
			},
			rules: [
				rule(
					401,
					'Socure rejected the API key: check it, and that it belongs to the selected environment',
				),
				rule(403, 'The API key lacks permission for evaluations: ask your Socure admin'),
			],
		},
	],
	[
		'Unit21: the agents list',
		new Unit21Api().test,
		{
			request: {
				baseURL: baseUrlExpression(UNIT21.environments),
				url: '/v1/agents/list',
				method: 'GET',
			},
			rules: [
				rule(401, 'Unit21 rejected the API key: check it and the selected environment'),
				rule(403, 'The key is valid but lacks the agents read scope used for this test'),
			],
		},
	],
	[
		'Verifik: the client the token belongs to',
		new VerifikApi().test,
		{
			request: {
				baseURL: baseUrlExpression(VERIFIK.environments),
				url: '/v2/clients/me',
				method: 'GET',
			},
			rules: [
				rule(
					401,
					'Verifik rejected the token: it is invalid or expired (tokens last about 30 days)',
				),
			],
		},
	],
])('%s', (_case, actual, expected) => {
	expect(actual).toEqual(expected);
});

// Each API credential adds its header to a request, keeping the request's own headers.
test.each([
	[
		'Socure RiskOS',
		new SocureRiskOsApi().authenticate,
		{ apiKey: ' sk-1\n' },
		'Authorization',
		'Bearer sk-1',
	],
	[
		'Verifik',
		new VerifikApi().authenticate,
		{ accessToken: 'jwt.a.b' },
		'Authorization',
		'Bearer jwt.a.b',
	],
	['Unit21', new Unit21Api().authenticate, { apiKey: 'u21-secret ' }, 'u21-key', 'u21-secret'],
])(
	'%s: authenticate sets %s (the pasted value trimmed)',
	async (_, authenticate, credentials, header, value) => {
		if (typeof authenticate !== 'function') throw new Error('expected a function');
		const request = { url: '/x', headers: { Accept: 'application/json' } };
		expect(await authenticate(credentials, request)).toEqual({
			url: '/x',
			headers: { Accept: 'application/json', [header]: value },
		});
		expect(request.headers).toEqual({ Accept: 'application/json' });
	},
);
