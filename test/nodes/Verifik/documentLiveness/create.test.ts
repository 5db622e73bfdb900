import nock from 'nock';

import { FAKE_VERIFIK_CREDENTIAL } from '../../../fixtures/credentials';
import { VERIFIK_API, nestedRecord, runVerifik } from '../../../fixtures/verifik';
import { fakeJpeg, fakePdf, fakePng } from '../../../fixtures/zip';
import { binaryBytes, type InputItem, useOfflineHttp } from '../../../harness/engine';

useOfflineHttp(nock);

describe('create', () => {
	const jpeg = fakeJpeg('document-photo');
	const withImage = (
		content: Buffer,
		fileName = 'front.jpg',
		mimeType = 'image/jpeg',
	): InputItem => ({ json: {}, binary: { data: { content, fileName, mimeType } } });

	test('sends the image as base64 with every option, and outputs the data object with the checked image kept', async () => {
		const created = nestedRecord('dl_new', { imageSaved: true });
		let sent: Record<string, unknown> | undefined;
		const scope = nock(VERIFIK_API)
			.post('/v2/document-liveness', (body) => {
				sent = body;
				return true;
			})
			.matchHeader('authorization', `Bearer ${FAKE_VERIFIK_CREDENTIAL}`)
			.matchHeader('content-type', /application\/json/)
			.reply(200, { success: true, data: created });
		const result = await runVerifik(
			{
				operation: 'create',
				checks: ['screenReplay', 'digitalManipulation'],
				options: {
					saveImage: true,
					screenReplayCalibration: 'HARD',
					printedCopyCalibration: 'SOFT',
					ignoreColourLessValidation: true,
				},
			},
			{ input: [withImage(jpeg)] },
		);
		expect(scope.isDone()).toBe(true);
		expect(sent).toEqual({
			image: jpeg.toString('base64'),
			validateScreenReplay: true,
			validatePrintedCopy: false,
			validatePortraitSubstitution: false,
			validateDigitalManipulation: true,
			screenReplayCalibration: 'HARD',
			printedCopyCalibration: 'SOFT',
			portraitSubstitutionCalibration: 'REGULAR',
			ignoreDocumentCroppedValidation: false,
			ignoreColourLessValidation: true,
			saveImage: true,
		});
		const [item, ...rest] = result.output('Verifik');
		expect(rest).toHaveLength(0);
		expect(item.json).toEqual(created);
		expect(item.pairedItem).toEqual({ item: 0 });
		// Keep Input Image (default on): the very file checked, for Unit21 to attach.
		expect(Object.keys(item.binary!)).toEqual(['data']);
		expect(item.binary!.data).toMatchObject({ fileName: 'front.jpg', mimeType: 'image/jpeg' });
		expect((await binaryBytes(item.binary!.data)).equals(jpeg)).toBe(true);
	});

	test('Keep Input Image off: the record alone', async () => {
		nock(VERIFIK_API)
			.post('/v2/document-liveness')
			.reply(200, { success: true, data: nestedRecord('dl_new') });
		const result = await runVerifik(
			{ operation: 'create', options: { keepInputImage: false } },
			{ input: [withImage(jpeg)] },
		);
		expect(result.output('Verifik')).toEqual([
			{ json: nestedRecord('dl_new'), pairedItem: { item: 0 } },
		]);
	});

	test("reads the image from the named property (a PNG from Socure's documentFront)", async () => {
		const png = fakePng('front');
		let image: unknown;
		nock(VERIFIK_API)
			.post('/v2/document-liveness', (body) => {
				image = body.image;
				return true;
			})
			.reply(200, { success: true, data: nestedRecord('dl_png') });
		await runVerifik(
			{ operation: 'create', binaryPropertyName: 'documentFront' },
			{
				input: [
					{ binary: { documentFront: { content: png, fileName: 'f.png', mimeType: 'image/png' } } },
				],
			},
		);
		expect(image).toBe(png.toString('base64'));
	});

	test('a missing property or a file that is not an image fails before any request, naming property and item', async () => {
		const scope = nock(VERIFIK_API).post(/.*/).reply(200, {});
		const result = await runVerifik(
			{ operation: 'create' },
			{
				continueOnFail: true,
				input: [
					{ json: {} },
					withImage(fakePdf('not-an-image'), 'scan.pdf', 'application/pdf'),
					{ binary: { other: { content: jpeg, fileName: 'x.jpg' } } },
				],
			},
		);
		expect(scope.isDone()).toBe(false);
		const items = result.output('Verifik');
		expect(items).toHaveLength(3);
		expect(items[0].json.error).toBe('Input item 0 has no binary property "data" (item 0)');
		expect(items[1].json.error).toBe(
			'The file in binary property "data" of item 1 is not an image (item 1)',
		);
		expect(items[1].json.errorDescription).toMatch(/scan\.pdf.*application\/pdf/);
		expect(items[2].json.error).toBe('Input item 2 has no binary property "data" (item 2)');
		expect(items[2].json.errorDescription).toMatch(/Its binary properties are: other/);
	});

	test.each([
		[
			400,
			{ success: false, error: 'Invalid image format', code: 'INVALID_IMAGE_FORMAT' },
			/could not read the image from "data" \(INVALID_IMAGE_FORMAT\)/,
		],
		[
			413,
			{ success: false, error: 'Image too large', code: 'IMAGE_TOO_LARGE' },
			/too large for Verifik \(IMAGE_TOO_LARGE\)/,
		],
	])('HTTP %i is reported as such and not retried', async (status, body, message) => {
		const scope = nock(VERIFIK_API).post('/v2/document-liveness').once().reply(status, body);
		const result = await runVerifik({ operation: 'create' }, { input: [withImage(jpeg)] });
		expect(scope.isDone()).toBe(true);
		expect(result.error?.message).toMatch(message);
	});

	test('429 is retried honouring Retry-After', async () => {
		const scope = nock(VERIFIK_API)
			.post('/v2/document-liveness')
			.reply(429, { message: 'Too many requests' }, { 'Retry-After': '0' })
			.post('/v2/document-liveness')
			.reply(200, { success: true, data: nestedRecord('dl_after_429') });
		const [item] = (await runVerifik({ operation: 'create' }, { input: [withImage(jpeg)] })).output(
			'Verifik',
		);
		expect(scope.isDone()).toBe(true);
		expect(item.json._id).toBe('dl_after_429');
	});
});
