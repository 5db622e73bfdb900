import {
	checkFileUrl,
	fileUrlRefusal,
	internalAddressKind,
} from '@idv-documents/shared/http/fileUrls';

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

	test('literal loopback, link-local and private addresses are named, in every notation URL parsing accepts', () => {
		const kindOf = (host: string) => internalAddressKind(new URL(`https://${host}/`).hostname);
		const kinds: Array<[string | undefined, string[]]> = [
			[
				'a loopback address',
				[
					'127.0.0.1',
					'127.255.0.9',
					'0x7f.1',
					'2130706433',
					'0.0.0.0',
					'localhost',
					'LocalHost.',
					'a.b.localhost',
					'[::1]',
					'[::]',
					'[::ffff:127.0.0.1]',
				],
			],
			[
				'a link-local address',
				['169.254.169.254', '169.254.0.1', '[fe80::1]', '[febf::1]', '[::ffff:169.254.169.254]'],
			],
			[
				'a private-network address',
				[
					'10.0.0.1',
					'10.255.255.255',
					'172.16.0.1',
					'172.31.255.255',
					'192.168.0.1',
					'100.64.0.1',
					'[fc00::1]',
					'[fdff::1]',
					'[fec0::1]',
					'[::ffff:192.168.1.1]',
					'[64:ff9b::10.0.0.1]',
				],
			],
			[
				undefined,
				[
					'8.8.8.8',
					'172.15.0.1',
					'172.32.0.1',
					'192.169.0.1',
					'169.255.0.1',
					'100.128.0.1',
					'1.0.0.127',
					'[2001:db8::1]',
					'[fe00::1]',
					'[::ffff:8.8.8.8]',
					'[::2]',
					'example.com',
					'localhost.example.com',
					'10.example.com',
				],
			],
		];
		for (const [kind, hosts] of kinds)
			for (const host of hosts) expect([host, kindOf(host)]).toEqual([host, kind]);
	});

	test('an https link to such an address is refused, with the fix, unless Allowed Domains name the host', () => {
		const open = { baseUrl: 'https://api.verifik.co', credentials: {} };
		expect(checkFileUrl(open, 'https://169.254.169.254/latest/meta-data')).toEqual({
			reason: '169.254.169.254 is a link-local address',
			fix: `File links that point into n8n's own network (loopback, link-local or private addresses) are fetched only when the credential names the host. If you trust 169.254.169.254, set the credential's "Allowed HTTP Request Domains" to "Specific Domains" and add 169.254.169.254 to "Allowed Domains".`,
		});
		expect(
			fileUrlRefusal(restricted('cdn.verifik.co, 10.0.0.8'), 'https://10.0.0.8/a.jpg'),
		).toBeUndefined();
		expect(fileUrlRefusal(restricted('0:0:0:0:0:0:0:1'), 'https://[::1]/a.jpg')).toBeUndefined();
		expect(fileUrlRefusal(restricted('[fd00::5]'), 'https://[fd00::5]:8443/a.jpg')).toBeUndefined();
		expect(
			fileUrlRefusal(restricted('*.localhost'), 'https://img.localhost/a.jpg'),
		).toBeUndefined();
		expect(fileUrlRefusal(restricted('10.0.0.8'), 'https://10.0.0.9/a.jpg')).toBe(
			'10.0.0.9 is a private-network address',
		);
		// "All domains" names nothing: the address is still refused.
		expect(
			fileUrlRefusal(
				{
					baseUrl: API.baseUrl,
					credentials: { allowedHttpRequestDomains: 'all', allowedDomains: '10.0.0.8' },
				},
				'https://10.0.0.8/a.jpg',
			),
		).toBe('10.0.0.8 is a private-network address');
		// The API's own address stays fetchable, http included (a simulator on loopback).
		expect(fileUrlRefusal(API, 'http://127.0.0.1:5678/cdn/a.jpg')).toBeUndefined();
	});

	test('something that is not a URL is refused', () => {
		expect(fileUrlRefusal(API, 'not a url')).toBe('it is not a URL');
	});
});
