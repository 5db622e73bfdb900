import nock from 'nock';

import { FAKE_VERIFIK_CREDENTIAL } from '../../../fixtures/credentials';
import { binaryBytes, type InputItem, runChain, useOfflineHttp } from '../../../harness/engine';
import { fakeJpeg, fakePdf, fakePng } from '../../../fixtures/zip';

const FAKE_CREDENTIAL = FAKE_VERIFIK_CREDENTIAL;
const API = 'https://api.verifik.co';
const CDN = 'https://cdn.verifik.co';
const credentials = { verifikApi: { environment: 'production', accessToken: FAKE_CREDENTIAL } };

useOfflineHttp(nock);

/** The nested shape from the seed document. */
function nestedRecord(id: string, overrides: Record<string, unknown> = {}) {
	return {
		_id: id,
		client: 'client_123456789',
		appRegistration: 'app_registration_123456789',
		imageSaved: true,
		imageUrl: `${CDN}/images/${id}.jpg`,
		status: 'completed',
		validationResults: {
			screenReplay: { passed: true, score: 0.95, details: 'No screen replay detected' },
			printedCopy: { passed: true, score: 0.9, details: 'No printed copy detected' },
			portraitSubstitution: {
				passed: false,
				score: 0.31,
				details: 'Portrait substitution suspected',
			},
			digitalManipulation: {
				passed: true,
				score: 0.92,
				details: 'No digital manipulation detected',
			},
		},
		calibrationSettings: {
			screenReplayCalibration: 'REGULAR',
			printedCopyCalibration: 'REGULAR',
			portraitSubstitutionCalibration: 'REGULAR',
		},
		validationFlags: { ignoreDocumentCroppedValidation: false, ignoreColourLessValidation: false },
		riskScore: 0.05,
		confidence: 0.91,
		createdAt: '2024-01-15T10:30:00Z',
		...overrides,
	};
}

/** The older flat shape, typo included. */
function flatRecord(id: string) {
	return {
		_id: id,
		status: 'completed',
		imageSaved: false,
		sreenReplayScore: 0.02,
		sreenReplayProbability: 'LOW',
		printedCopyScore: 0.1,
		printedCopyProbability: 'LOW',
		portraitSubstitutionWarnings: [],
		digitalManipulationScore: 0.03,
	};
}

function runVerifik(
	parameters: Record<string, unknown>,
	options: { input?: InputItem[]; continueOnFail?: boolean } = {},
) {
	return runChain({
		input: options.input ?? [{ json: {} }],
		nodes: [
			{
				name: 'Verifik',
				type: 'verifik',
				parameters: { resource: 'documentLiveness', ...parameters },
				continueOnFail: options.continueOnFail,
			},
		],
		credentials,
	});
}

describe('get', () => {
	test('both documented shapes pass through unchanged', async () => {
		const nested = nestedRecord('document_liveness_123456789');
		const flat = flatRecord('65f1c2e4a9b8c7d6e5f4a3b2');
		const scope = nock(API)
			.matchHeader('authorization', `Bearer ${FAKE_CREDENTIAL}`)
			.get('/v2/document-liveness/document_liveness_123456789')
			.reply(200, {
				success: true,
				data: nested,
				signature: { message: 'Certified by Verifik.co' },
			})
			.get('/v2/document-liveness/65f1c2e4a9b8c7d6e5f4a3b2')
			.reply(200, { success: true, data: flat });
		const result = await runVerifik(
			{ operation: 'get', documentLivenessId: '={{ $json.id }}' },
			{
				input: [
					{ json: { id: 'document_liveness_123456789' } },
					{ json: { id: ' 65f1c2e4a9b8c7d6e5f4a3b2 ' } },
				],
			},
		);
		expect(scope.isDone()).toBe(true);
		const items = result.output('Verifik');
		expect(items.map((item) => item.json)).toEqual([nested, flat]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].binary).toBeUndefined();
	});

	test('download image: the saved image arrives as binary, named after the record, without the token going to the CDN', async () => {
		const jpeg = fakeJpeg('verifik-image');
		nock(API)
			.get('/v2/document-liveness/dl_1')
			.reply(200, { success: true, data: nestedRecord('dl_1') });
		const cdn = nock(CDN)
			.get('/images/dl_1.jpg')
			.matchHeader('authorization', (value) => value === undefined)
			.reply(200, jpeg, { 'Content-Type': 'image/jpeg' });
		const [item] = (
			await runVerifik({
				operation: 'get',
				documentLivenessId: 'dl_1',
				options: { downloadImage: true, imageBinaryPropertyName: 'image' },
			})
		).output('Verifik');
		expect(cdn.isDone()).toBe(true);
		expect(item.json._id).toBe('dl_1');
		const binary = item.binary!.image;
		expect(binary).toMatchObject({
			fileName: 'document-liveness-dl_1.jpg',
			mimeType: 'image/jpeg',
			fileExtension: 'jpg',
		});
		expect((await binaryBytes(binary)).equals(jpeg)).toBe(true);
	});

	test('download image: a record without a saved image keeps its JSON and gets no binary', async () => {
		nock(API)
			.get('/v2/document-liveness/dl_2')
			.reply(200, {
				success: true,
				data: nestedRecord('dl_2', { imageSaved: false, imageUrl: undefined }),
			});
		const result = await runVerifik({
			operation: 'get',
			documentLivenessId: 'dl_2',
			options: { downloadImage: true },
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output('Verifik');
		expect(item.json._id).toBe('dl_2');
		expect(item.binary).toBeUndefined();
	});

	test('as an AI Agent tool: the check results as JSON, no image fetched (a model could not receive it)', async () => {
		nock(API)
			.get('/v2/document-liveness/dl_3')
			.reply(200, { success: true, data: nestedRecord('dl_3') });
		const cdn = nock(CDN).get('/images/dl_3.jpg').reply(200, fakeJpeg('never'));
		const result = await runChain({
			input: [{ json: { toolCallId: 'call_1' } }],
			nodes: [
				{
					name: 'Verifik',
					type: 'verifikTool',
					parameters: {
						resource: 'documentLiveness',
						operation: 'get',
						documentLivenessId: 'dl_3',
						options: { downloadImage: true },
					},
				},
			],
			credentials,
		});
		const [item] = result.output('Verifik');
		expect(item.json).toEqual(nestedRecord('dl_3'));
		expect(item.binary).toBeUndefined();
		expect(cdn.isDone()).toBe(false);
	});

	test('an invalid ID fails before any request, quoting it', async () => {
		const scope = nock(API).get(/.*/).reply(200, {});
		const result = await runVerifik({ operation: 'get', documentLivenessId: 'abc/../../clients' });
		expect(result.error?.message).toBe(
			'Document liveness ID "abc/../../clients" is not a valid ID (item 0)',
		);
		expect(scope.isDone()).toBe(false);
	});

	test('404 DOCUMENT_LIVENESS_NOT_FOUND says the ID is not in this environment', async () => {
		nock(API)
			.get('/v2/document-liveness/missing_1')
			.once()
			.reply(404, { error: 'Document liveness not found', message: 'DOCUMENT_LIVENESS_NOT_FOUND' });
		const result = await runVerifik({ operation: 'get', documentLivenessId: 'missing_1' });
		expect(result.error?.message).toBe(
			'Document liveness "missing_1" was not found in the "production" environment (HTTP 404) (item 0)',
		);
		expect(result.error?.httpCode).toBe('404');
	});

	test('401 says the token is invalid or expired and where to get a new one; the token never shows', async () => {
		nock(API)
			.get('/v2/document-liveness/dl_3')
			.once()
			.reply(401, { error: 'Unauthorized', message: `UNAUTHORIZED ${FAKE_CREDENTIAL}` });
		const result = await runVerifik({ operation: 'get', documentLivenessId: 'dl_3' });
		expect(result.error?.message).toMatch(/invalid or expired/);
		expect(result.error?.description).toMatch(/about 30 days.*Verifik dashboard/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(FAKE_CREDENTIAL);
	});
});

describe('get many', () => {
	const page = (ids: string[], pageNumber: number, pages: number, limit: number) => ({
		success: true,
		data: ids.map((id) => nestedRecord(id)),
		pagination: { page: pageNumber, limit, total: 250, pages },
	});
	const ids = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => `dl_${from + i}`);

	test('return all follows pagination.pages in pages of 100, with filters', async () => {
		const scope = nock(API)
			.get('/v2/document-liveness')
			.query({
				status: 'failed',
				'populates[]': ['client', 'appRegistration'],
				page: '1',
				limit: '100',
			})
			.reply(200, page(ids(0, 100), 1, 3, 100))
			.get('/v2/document-liveness')
			.query({
				status: 'failed',
				'populates[]': ['client', 'appRegistration'],
				page: '2',
				limit: '100',
			})
			.reply(200, page(ids(100, 100), 2, 3, 100))
			.get('/v2/document-liveness')
			.query({
				status: 'failed',
				'populates[]': ['client', 'appRegistration'],
				page: '3',
				limit: '100',
			})
			.reply(200, page(ids(200, 50), 3, 3, 100));
		const result = await runVerifik({
			operation: 'getMany',
			returnAll: true,
			filters: { status: 'failed', populates: ['client', 'appRegistration'] },
		});
		expect(scope.isDone()).toBe(true);
		const items = result.output('Verifik');
		expect(items).toHaveLength(250);
		expect(items.map((item) => item.json._id)).toEqual(ids(0, 250));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('a limit above one page keeps one page size: page 2 of 100, of which the first 30 are kept', async () => {
		const scope = nock(API)
			.get('/v2/document-liveness')
			.query({ page: '1', limit: '100' })
			.reply(200, page(ids(0, 100), 1, 3, 100))
			.get('/v2/document-liveness')
			.query({ page: '2', limit: '100' })
			.reply(200, page(ids(100, 100), 2, 3, 100));
		const items = (await runVerifik({ operation: 'getMany', returnAll: false, limit: 130 })).output(
			'Verifik',
		);
		expect(scope.isDone()).toBe(true);
		expect(items.map((item) => item.json._id)).toEqual(ids(0, 130));
	});

	test('a small limit is one request; an empty list is no items', async () => {
		nock(API)
			.get('/v2/document-liveness')
			.query({ page: '1', limit: '5' })
			.reply(200, page(ids(0, 5), 1, 50, 5));
		expect((await runVerifik({ operation: 'getMany', limit: 5 })).output('Verifik')).toHaveLength(
			5,
		);
		nock(API)
			.get('/v2/document-liveness')
			.query({ page: '1', limit: '100' })
			.reply(200, {
				success: true,
				data: [],
				pagination: { page: 1, limit: 100, total: 0, pages: 0 },
			});
		const result = await runVerifik({ operation: 'getMany', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.output('Verifik')).toEqual([]);
	});

	test('400 INVALID_PARAMETERS is reported as such', async () => {
		nock(API).get('/v2/document-liveness').query(true).reply(400, {
			success: false,
			error: 'Invalid query parameters',
			code: 'INVALID_PARAMETERS',
		});
		const result = await runVerifik({ operation: 'getMany', limit: 5 });
		expect(result.error?.message).toMatch(/refused the query parameters \(INVALID_PARAMETERS\)/);
	});
});

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
		const scope = nock(API)
			.post('/v2/document-liveness', (body) => {
				sent = body;
				return true;
			})
			.matchHeader('authorization', `Bearer ${FAKE_CREDENTIAL}`)
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
		nock(API)
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
		nock(API)
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
		const scope = nock(API).post(/.*/).reply(200, {});
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
		const scope = nock(API).post('/v2/document-liveness').once().reply(status, body);
		const result = await runVerifik({ operation: 'create' }, { input: [withImage(jpeg)] });
		expect(scope.isDone()).toBe(true);
		expect(result.error?.message).toMatch(message);
	});

	test('429 is retried honouring Retry-After', async () => {
		const scope = nock(API)
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
