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
