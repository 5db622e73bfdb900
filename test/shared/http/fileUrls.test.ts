import { fileUrlRefusal } from '@idv-documents/shared/http/fileUrls';

const API = { baseUrl: 'http://127.0.0.1:5678/verifik', credentials: {} };
const restricted = (allowedDomains: string) => ({
	baseUrl: 'https://api.verifik.co',
	credentials: { allowedHttpRequestDomains: 'domains', allowedDomains },
});

describe('fileUrlRefusal', () => {
	test('https anywhere is fetched when the credential does not restrict domains', () => {
		expect(fileUrlRefusal(API, 'https://cdn.example.com/a.jpg?sig=1')).toBeUndefined();
	});

	test("plain http is refused, except on the API's own origin (a simulator or proxy)", () => {
		expect(fileUrlRefusal(API, 'http://cdn.example.com/a.jpg')).toBe(
			'only https links are fetched, and this one is http',
		);
		expect(fileUrlRefusal(API, 'http://127.0.0.1:5678/cdn/a.jpg')).toBeUndefined();
		expect(fileUrlRefusal(API, 'http://127.0.0.1:5679/cdn/a.jpg')).toBe(
			'only https links are fetched, and this one is http',
		);
		expect(fileUrlRefusal(API, 'file:///etc/passwd')).toBe(
			'only https links are fetched, and this one is file',
		);
	});

	test("Specific Domains: exact hosts, and *.domain for subdomains only (n8n's rule), case and trailing dot ignored", () => {
		const policy = restricted(' CDN.verifik.co , *.storage.example.com ');
		expect(fileUrlRefusal(policy, 'https://cdn.verifik.co./a.jpg')).toBeUndefined();
		expect(fileUrlRefusal(policy, 'https://eu.storage.example.com/a.jpg')).toBeUndefined();
		expect(fileUrlRefusal(policy, 'https://storage.example.com/a.jpg')).toBe(
			"the credential's Allowed Domains (cdn.verifik.co, *.storage.example.com) do not include storage.example.com",
		);
		expect(fileUrlRefusal(policy, 'https://evil-cdn.verifik.co/a.jpg')).toMatch(
			/do not include evil-cdn\.verifik\.co$/,
		);
		expect(fileUrlRefusal(policy, 'https://api.verifik.co/image/a.jpg')).toBeUndefined();
	});

	test("All domains (n8n's default) does not restrict", () => {
		expect(
			fileUrlRefusal(
				{
					baseUrl: API.baseUrl,
					credentials: { allowedHttpRequestDomains: 'all', allowedDomains: 'x.com' },
				},
				'https://y.com/a',
			),
		).toBeUndefined();
	});

	test('something that is not a URL is refused', () => {
		expect(fileUrlRefusal(API, 'not a url')).toBe('it is not a URL');
	});
});
