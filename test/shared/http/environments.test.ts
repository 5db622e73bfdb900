import { baseUrlExpression, resolveBaseUrl } from '@idv-documents/shared/http/environments';
import { SOCURE_RISKOS } from '../../../packages/socure-riskos/nodes/SocureRiskOs/service';
import { UNIT21 } from '../../../packages/unit21/nodes/Unit21/service';
import { VERIFIK } from '../../../packages/verifik/nodes/Verifik/service';

const socureRiskOs = SOCURE_RISKOS.environments;
const verifik = VERIFIK.environments;
const unit21 = UNIT21.environments;

describe('environments', () => {
	test('documented hosts, first one the default', () => {
		expect(resolveBaseUrl(socureRiskOs, undefined)).toBe('https://riskos.sandbox.socure.com');
		expect(resolveBaseUrl(socureRiskOs, 'production')).toBe('https://riskos.socure.com');
		expect(resolveBaseUrl(verifik, '')).toBe('https://api.verifik.co');
		expect(resolveBaseUrl(verifik, 'sandbox')).toBe('https://api-sandbox.verifik.co');
		expect(resolveBaseUrl(unit21, undefined)).toBe('https://sandbox1-api.unit21.com');
		expect(unit21.map((env) => [env.value, env.url])).toEqual([
			['sandbox1', 'https://sandbox1-api.unit21.com'],
			['sandbox2', 'https://sandbox2-api.unit21.com'],
			['sandboxEu', 'https://api.sandbox1.eu-central-1.unit21.com'],
			['production1', 'https://api.unit21.com'],
			['production2', 'https://api.prod2.unit21.com'],
			['productionEu', 'https://api.prod1.eu-central-1.unit21.com'],
		]);
	});

	test('custom base URL: path prefix kept, trailing slashes dropped', () => {
		expect(resolveBaseUrl(unit21, 'custom', ' http://127.0.0.1:8080/proxy/u21/ ')).toBe(
			'http://127.0.0.1:8080/proxy/u21',
		);
		expect(resolveBaseUrl(verifik, 'custom', 'https://gw.example.com')).toBe(
			'https://gw.example.com',
		);
	});

	test('bad custom base URLs and unknown environments say what to fix', () => {
		expect(() => resolveBaseUrl(unit21, 'custom', '')).toThrow(/Base URL is empty/);
		expect(() => resolveBaseUrl(unit21, 'custom', 'not a url')).toThrow(/not a valid URL/);
		expect(() => resolveBaseUrl(unit21, 'custom', 'ftp://x.example.com')).toThrow(
			/http:\/\/ or https:\/\//,
		);
		expect(() => resolveBaseUrl(unit21, 'custom', 'https://x.example.com/?a=1')).toThrow(
			/query string/,
		);
		expect(() => resolveBaseUrl(socureRiskOs, 'staging')).toThrow(
			/Unknown environment "staging".*sandbox, production/,
		);
	});

	test('the credential-test expression names the same hosts', () => {
		const expression = baseUrlExpression(unit21);
		for (const env of unit21) expect(expression).toContain(env.url);
		expect(expression.startsWith('={{')).toBe(true);
	});
});
