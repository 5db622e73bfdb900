import nock from 'nock';

import { FAKE_VERIFIK_CREDENTIAL } from '../../../fixtures/credentials';
import {
	VERIFIK_API,
	VERIFIK_CDN,
	VERIFIK_CREDENTIALS,
	flatRecord,
	nestedRecord,
	runVerifik,
} from '../../../fixtures/verifik';
import { fakeJpeg } from '../../../fixtures/zip';
import { binaryBytes, runChain, useOfflineHttp } from '../../../harness/engine';

useOfflineHttp(nock);

describe('get', () => {
	test('both documented shapes pass through unchanged', async () => {
		const nested = nestedRecord('document_liveness_123456789');
		const flat = flatRecord('65f1c2e4a9b8c7d6e5f4a3b2');
		const scope = nock(VERIFIK_API)
			.matchHeader('authorization', `Bearer ${FAKE_VERIFIK_CREDENTIAL}`)
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
		nock(VERIFIK_API)
			.get('/v2/document-liveness/dl_1')
			.reply(200, { success: true, data: nestedRecord('dl_1') });
		const cdn = nock(VERIFIK_CDN)
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
		nock(VERIFIK_API)
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
		nock(VERIFIK_API)
			.get('/v2/document-liveness/dl_3')
			.reply(200, { success: true, data: nestedRecord('dl_3') });
		const cdn = nock(VERIFIK_CDN).get('/images/dl_3.jpg').reply(200, fakeJpeg('never'));
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
			credentials: VERIFIK_CREDENTIALS,
		});
		const [item] = result.output('Verifik');
		expect(item.json).toEqual(nestedRecord('dl_3'));
		expect(item.binary).toBeUndefined();
		expect(cdn.isDone()).toBe(false);
	});

	test('an invalid ID fails before any request, quoting it', async () => {
		const scope = nock(VERIFIK_API).get(/.*/).reply(200, {});
		const result = await runVerifik({ operation: 'get', documentLivenessId: 'abc/../../clients' });
		expect(result.error?.message).toBe(
			'Document liveness ID "abc/../../clients" is not a valid ID (item 0)',
		);
		expect(scope.isDone()).toBe(false);
	});

	test('404 DOCUMENT_LIVENESS_NOT_FOUND says the ID is not in this environment', async () => {
		nock(VERIFIK_API)
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
		nock(VERIFIK_API)
			.get('/v2/document-liveness/dl_3')
			.once()
			.reply(401, { error: 'Unauthorized', message: `UNAUTHORIZED ${FAKE_VERIFIK_CREDENTIAL}` });
		const result = await runVerifik({ operation: 'get', documentLivenessId: 'dl_3' });
		expect(result.error?.message).toMatch(/invalid or expired/);
		expect(result.error?.description).toMatch(/about 30 days.*Verifik dashboard/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(FAKE_VERIFIK_CREDENTIAL);
	});
});
