import { Readable } from 'node:stream';

import { NodeOperationError } from 'n8n-workflow';

import { describeUrl, downloadFile } from '@idv-documents/shared/http/fileDownload';
import type { HttpResponse } from '@idv-documents/shared/http/retry';
import {
	EXAMPLE_SECRET,
	fakeScope,
	fakeService,
	networkError,
	type FakeService,
	type Reply,
} from '../../fixtures/serviceContext';

const LIMIT = { maxBytes: 1024, what: 'the image', option: 'Max Image Size (MB)' };
const image = (bytes = 10): Reply => ({
	statusCode: 200,
	body: Readable.from([Buffer.alloc(bytes, 7)]),
});
const redirect = (location: string): Reply => ({ statusCode: 302, headers: { location } });

async function download(
	replies: Reply[],
	url: string,
	maxRetries = 0,
): Promise<{ fake: FakeService; response?: HttpResponse<Buffer>; error?: NodeOperationError }> {
	const fake = fakeService(replies);
	const outcome = await downloadFile(await fakeScope(fake, { maxRetries }), url, LIMIT).then(
		(response) => ({ response }),
		(error: NodeOperationError) => ({ error }),
	);
	return { fake, ...outcome };
}

describe('describeUrl', () => {
	test('host and path only: a query string may hold a signature', () => {
		expect(describeUrl('https://cdn.test/a/b.jpg?X-Signature=secret')).toBe('cdn.test/a/b.jpg');
		expect(describeUrl('not a url')).toBe('the file URL');
	});
});

describe('downloadFile', () => {
	test('fetches the link without the credential', async () => {
		const { fake, response } = await download([image(10)], 'https://cdn.test/a.jpg?sig=1');
		expect(response?.body).toEqual(Buffer.alloc(10, 7));
		expect(
			fake.requests.map(({ url, authenticated, disableFollowRedirect }) => ({
				url,
				authenticated,
				disableFollowRedirect,
			})),
		).toEqual([
			{ url: 'https://cdn.test/a.jpg?sig=1', authenticated: false, disableFollowRedirect: true },
		]);
	});

	test('follows redirects itself, checking every hop', async () => {
		const followed = await download(
			[redirect('https://cdn2.test/b.jpg'), image()],
			'https://cdn.test/a.jpg',
		);
		expect(followed.fake.requests.map((request) => request.url)).toEqual([
			'https://cdn.test/a.jpg',
			'https://cdn2.test/b.jpg',
		]);
		const downgraded = await download(
			[redirect('http://cdn.test/a.jpg')],
			'https://cdn.test/a.jpg',
		);
		expect(downgraded.error?.message).toBe(
			'Refused to download cdn.test/a.jpg: it redirects to cdn.test/a.jpg, and only https links are fetched, and this one is http',
		);
		expect(downgraded.fake.requests).toHaveLength(1);
	});

	test('an http link to another host is refused before any request', async () => {
		const { fake, error } = await download([], 'http://cdn.test/a.jpg');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/^Refused to download cdn\.test\/a\.jpg/);
		expect(error?.description).toContain('Allowed Domains');
		expect(fake.requests).toHaveLength(0);
	});

	test('a file over its limit names the host and the option', async () => {
		const { error } = await download([image(4096)], 'https://cdn.test/a.jpg');
		expect(error?.message).toBe(
			'The host of cdn.test/a.jpg sent more than 1 KB for the image, over the 1 KB limit',
		);
	});

	test('transient failures are retried; the last one is reported without the query string or secrets', async () => {
		const url = `https://cdn.test/a.jpg?token=${EXAMPLE_SECRET}`;
		const failed = networkError('EPROTO', `request to ${url} failed, reason: bad record mac`);
		const { fake, error } = await download([networkError('ECONNRESET'), failed], url, 1);
		expect(fake.requests).toHaveLength(2);
		expect(error?.message).toBe(
			'Could not download cdn.test/a.jpg: request to cdn.test/a.jpg failed, reason: bad record mac',
		);
		expect(JSON.stringify(error)).not.toContain(EXAMPLE_SECRET);
	});
});
