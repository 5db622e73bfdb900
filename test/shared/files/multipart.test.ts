import { encodeMultipart } from '@idv-documents/shared/files/multipart';
import { fakeJpeg } from '../../fixtures/zip';
import { parseMultipart } from '../../fixtures/multipart';

describe('encodeMultipart', () => {
	test('file and text parts under the same key, bytes intact, boundary in the content type', async () => {
		const jpeg = fakeJpeg('front');
		const { body, contentType } = await encodeMultipart([
			{
				name: 'documentFront',
				content: jpeg,
				fileName: 'front "1".jpg',
				contentType: 'image/jpeg',
			},
			{ name: 'documentFront', value: '{"media_type":"IMAGE_ID_CARD_FRONT"}' },
			{
				name: 'selfie',
				content: Buffer.from([0, 1, 2, 13, 10, 45, 45]),
				fileName: 'selfie.jpg',
				contentType: 'image/jpeg',
			},
		]);
		expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
		const parts = parseMultipart(body, contentType);
		expect(parts.map((part) => [part.name, part.fileName, part.contentType])).toEqual([
			['documentFront', 'front %221%22.jpg', 'image/jpeg'],
			['documentFront', undefined, undefined],
			['selfie', 'selfie.jpg', 'image/jpeg'],
		]);
		expect(parts[0].content.equals(jpeg)).toBe(true);
		expect(parts[1].content.toString()).toBe('{"media_type":"IMAGE_ID_CARD_FRONT"}');
		expect(parts[2].content.equals(Buffer.from([0, 1, 2, 13, 10, 45, 45]))).toBe(true);
	});
});

describe('a part content type that is not a media type', () => {
	test.each([
		'image/jpeg\r\nContent-Disposition: form-data; name="x"; filename="evil.exe"',
		'image/jpeg\nX-Injected: 1',
		'',
		'jpeg',
	])('%j is written as application/octet-stream, on one header line', (contentType) => {
		const { body } = encodeMultipart([
			{ name: 'data', content: Buffer.from('x'), fileName: 'a.jpg', contentType },
		]);
		const headers = body.toString('latin1').split('\r\n\r\n')[0].split('\r\n').slice(1);
		expect(headers).toEqual([
			'Content-Disposition: form-data; name="data"; filename="a.jpg"',
			'Content-Type: application/octet-stream',
		]);
	});

	test('a media type with parameters is written as it is', () => {
		const { body } = encodeMultipart([
			{
				name: 'd',
				content: Buffer.from('x'),
				fileName: 'a.txt',
				contentType: 'text/plain; charset="utf-8"',
			},
		]);
		expect(body.toString('latin1')).toContain(
			'\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\nx',
		);
	});
});
