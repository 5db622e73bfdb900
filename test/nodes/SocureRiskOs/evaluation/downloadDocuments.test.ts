import nock from 'nock';

import { FAKE_SOCURE_CREDENTIAL } from '../../../fixtures/credentials';
import { expectHttpFailure, socureRunner } from '../../../fixtures/socure';
import { BINARY_MODE, binaryBytes, useOfflineHttp } from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';
import {
	buildZip,
	DOCUMENT_PATHS,
	fakeJpeg,
	fakePdf,
	fakePng,
	socureDocumentsZip,
	inArchiveOrder,
} from '../../../fixtures/zip';

const EVAL = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';
const EVAL_2 = '0b6c1f7e-3a2d-4e0f-9c1b-2d3e4f5a6b7c';
const FAKE_CREDENTIAL = FAKE_SOCURE_CREDENTIAL;
const SANDBOX = 'https://riskos.sandbox.socure.com';

useOfflineHttp(nock);

const runSocure = socureRunner('downloadDocuments', { evaluationId: EVAL });

function documentsReply(host = SANDBOX, evaluationId = EVAL) {
	return nock(host).get(`/api/evaluation/${evaluationId}/documents`);
}

/** What the node says of each file of socureDocumentsZip, in archive order. */
function describedFiles(files: ReturnType<typeof socureDocumentsZip>['files']) {
	return [
		{
			path: DOCUMENT_PATHS.front,
			fileName: 'documentfrontDoc_Front_1_blob.jpg',
			role: 'documentFront',
			unit21MediaType: 'IMAGE_ID_CARD_FRONT',
			size: files.front.length,
			mimeType: 'image/jpeg',
		},
		{
			path: DOCUMENT_PATHS.back,
			fileName: 'documentbackDoc_Back_1_blob.jpg',
			role: 'documentBack',
			unit21MediaType: 'IMAGE_ID_CARD_BACK',
			size: files.back.length,
			mimeType: 'image/jpeg',
		},
		{
			path: DOCUMENT_PATHS.selfie,
			fileName: 'Doc_Selfie_1_blob.jpg',
			role: 'selfie',
			unit21MediaType: 'IMAGE_FACE_IMAGE',
			size: files.selfie.length,
			mimeType: 'image/jpeg',
		},
		{
			path: DOCUMENT_PATHS.identityPdf,
			fileName: 'identity.pdf',
			role: 'attachment',
			size: files.identityPdf.length,
			mimeType: 'application/pdf',
		},
		{
			path: DOCUMENT_PATHS.additionalPdf,
			fileName: 'additional_doc.pdf',
			role: 'attachment',
			size: files.additionalPdf.length,
			mimeType: 'application/pdf',
		},
	];
}

describe('download documents, one item per file (the default)', () => {
	test('requests the documented URL with the bearer key and emits every file with exact bytes', async () => {
		const { archive, files } = socureDocumentsZip(EVAL);
		const scope = documentsReply()
			.matchHeader('authorization', `Bearer ${FAKE_CREDENTIAL}`)
			.matchHeader('x-api-version', (value) => value === undefined)
			.reply(200, archive, {
				'Content-Type': 'application/zip',
				'Content-Disposition': `attachment; filename="${EVAL}_document.zip"`,
			});

		const result = await runSocure({});
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		const items = result.output('Socure');
		expect(items.map((item) => item.json)).toEqual(
			describedFiles(files).map((file) => ({ evaluationId: EVAL, ...file })),
		);
		const expected = inArchiveOrder(files);
		for (const [index, item] of items.entries()) {
			const binary = item.binary!.data;
			// Filesystem mode keeps only a reference in the item; memory mode inlines the bytes.
			if (BINARY_MODE === 'default') expect(binary.id).toBeUndefined();
			else expect(binary.id).toMatch(/^filesystem/);
			expect(binary.fileName).toBe(item.json.fileName);
			expect(binary.mimeType).toBe(item.json.mimeType);
			expect(binary.fileExtension).toBe(String(item.json.fileName).split('.').pop());
			expect((await binaryBytes(binary)).equals(expected[index])).toBe(true);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	test('X-API-Version is sent when set, and the output property is configurable', async () => {
		const { archive } = socureDocumentsZip(EVAL);
		const scope = documentsReply()
			.matchHeader('x-api-version', '2025-01-01.orion')
			.reply(200, archive);
		const result = await runSocure({
			binaryPropertyName: 'document',
			options: { apiVersion: ' 2025-01-01.orion ' },
		});
		expect(scope.isDone()).toBe(true);
		const items = result.output('Socure');
		expect(items).toHaveLength(5);
		expect(Object.keys(items[0].binary!)).toEqual(['document']);
	});

	test.each([
		['production', undefined, 'https://riskos.socure.com', ''],
		['custom', 'http://127.0.0.1:9911/riskos/', 'http://127.0.0.1:9911', '/riskos'],
	])('environment %s reaches its host', async (environment, baseUrl, host, prefix) => {
		const { archive } = socureDocumentsZip(EVAL);
		const scope = nock(host)
			.get(`${prefix}/api/evaluation/${EVAL}/documents`)
			.matchHeader('authorization', `Bearer ${FAKE_CREDENTIAL}`)
			.reply(200, archive);
		const result = await runSocure(
			{},
			{
				credentials: {
					socureRiskOsApi: {
						environment,
						apiKey: FAKE_CREDENTIAL,
						...(baseUrl ? { baseUrl } : {}),
					},
				},
			},
		);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	test('several evaluations: output order follows input order, each paired with its item', async () => {
		const first = socureDocumentsZip(EVAL);
		const second = socureDocumentsZip(EVAL_2);
		documentsReply().reply(200, first.archive);
		documentsReply(SANDBOX, EVAL_2).reply(200, second.archive);
		const result = await runSocure(
			{ evaluationId: '={{ $json.evalId }}' },
			{ input: [{ json: { evalId: EVAL } }, { json: { evalId: `  ${EVAL_2}\n` } }] },
		);
		const items = result.output('Socure');
		expect(items).toHaveLength(10);
		expect(
			items
				.slice(0, 5)
				.every(
					(item) =>
						item.json.evaluationId === EVAL && (item.pairedItem as { item: number }).item === 0,
				),
		).toBe(true);
		expect(
			items
				.slice(5)
				.every(
					(item) =>
						item.json.evaluationId === EVAL_2 && (item.pairedItem as { item: number }).item === 1,
				),
		).toBe(true);
		expect((await binaryBytes(items[7].binary!.data)).equals(second.files.selfie)).toBe(true);
	});

	test('retried captures, hostile names and unknown files', async () => {
		const png = fakePng('second-front');
		const archive = buildZip([
			{
				name: 'user_uploaded/document_verification/documentfrontDoc_Front_2_blob.png',
				content: png,
			},
			{ name: '../../etc/Doc_Back_3_blob.jpg', content: fakeJpeg('back3') },
			{ name: '/abs\\win\\na\u0001me.jpg', content: fakeJpeg('x') },
			{ name: 'metadata/extra.json', content: Buffer.from('{"a":1}') },
		]);
		documentsReply().reply(200, archive);
		const items = (await runSocure({})).output('Socure');
		expect(
			items.map((item) => [
				item.json.fileName,
				item.json.role,
				item.json.unit21MediaType,
				item.json.mimeType,
			]),
		).toEqual([
			['documentfrontDoc_Front_2_blob.png', 'documentFront', 'IMAGE_ID_CARD_FRONT', 'image/png'],
			['Doc_Back_3_blob.jpg', 'documentBack', 'IMAGE_ID_CARD_BACK', 'image/jpeg'],
			['name.jpg', 'other', undefined, 'image/jpeg'],
			['extra.json', 'other', undefined, 'application/json'],
		]);
		expect(items[1].json.path).toBe('../../etc/Doc_Back_3_blob.jpg');
		expect(items[2].json.path).toBe('/abs\\win\\na\u0001me.jpg');
		expect(items[1].binary!.data.fileName).toBe('Doc_Back_3_blob.jpg');
		expect((await binaryBytes(items[0].binary!.data)).equals(png)).toBe(true);
	});
});

describe('other outputs', () => {
	test('all files in one item: readable property names, files listed, exact bytes', async () => {
		const { files } = socureDocumentsZip(EVAL);
		const archive = buildZip([
			{ name: 'user_uploaded/', method: 'stored' },
			{ name: DOCUMENT_PATHS.front, content: files.front },
			{ name: DOCUMENT_PATHS.back, content: files.back },
			{ name: DOCUMENT_PATHS.selfie, content: files.selfie },
			{
				name: 'user_uploaded/document_verification/documentfrontDoc_Front_2_blob.jpg',
				content: fakeJpeg('retry'),
			},
			{ name: DOCUMENT_PATHS.identityPdf, content: files.identityPdf },
			{ name: DOCUMENT_PATHS.additionalPdf, content: files.additionalPdf },
			{ name: 'notes/readme.txt', content: Buffer.from('hello') },
		]);
		documentsReply().reply(200, archive);
		const [item, ...rest] = (await runSocure({ output: 'filesInOneItem' })).output('Socure');
		expect(rest).toHaveLength(0);
		expect(Object.keys(item.binary!)).toEqual([
			'documentFront',
			'documentBack',
			'selfie',
			'documentFront_2',
			'attachment_1',
			'attachment_2',
			'other_1',
		]);
		expect(item.json.evaluationId).toBe(EVAL);
		const listed = item.json.files as Array<Record<string, unknown>>;
		expect(listed.map((file) => file.property)).toEqual(Object.keys(item.binary!));
		expect(listed[0]).toEqual({ property: 'documentFront', ...describedFiles(files)[0] });
		expect(listed[4]).toMatchObject({
			property: 'attachment_1',
			role: 'attachment',
			fileName: 'identity.pdf',
		});
		expect(listed[4].unit21MediaType).toBeUndefined();
		expect((await binaryBytes(item.binary!.selfie)).equals(files.selfie)).toBe(true);
		expect((await binaryBytes(item.binary!.attachment_2)).equals(files.additionalPdf)).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('ZIP archive: the archive as sent, named by Content-Disposition, contents listed', async () => {
		const { archive } = socureDocumentsZip(EVAL);
		documentsReply().reply(200, archive, {
			'Content-Disposition': `attachment; filename="${EVAL}_document.zip"`,
		});
		const [item] = (await runSocure({ output: 'zip' })).output('Socure');
		expect(item.json).toMatchObject({
			evaluationId: EVAL,
			fileName: `${EVAL}_document.zip`,
			size: archive.length,
		});
		expect((item.json.files as unknown[]).length).toBe(5);
		expect(item.binary!.data.mimeType).toBe('application/zip');
		expect(item.binary!.data.fileExtension).toBe('zip');
		expect((await binaryBytes(item.binary!.data)).equals(archive)).toBe(true);
	});
});

describe('entry names an archive should not have', () => {
	test('an entry named like a folder that holds data is output as a file, not dropped', async () => {
		const hidden = fakeJpeg('hidden');
		const archive = buildZip([
			{ name: 'user_uploaded/', method: 'stored' },
			{ name: 'user_uploaded/document_verification/scan.jpg/', content: hidden },
		]);
		documentsReply().reply(200, archive);
		const items = (await runSocure({})).output('Socure');
		expect(items.map((item) => item.json)).toEqual([
			{
				evaluationId: EVAL,
				path: 'user_uploaded/document_verification/scan.jpg/',
				fileName: 'scan.jpg',
				role: 'other',
				size: hidden.length,
				mimeType: 'image/jpeg',
			},
		]);
		expect((await binaryBytes(items[0].binary!.data)).equals(hidden)).toBe(true);
		documentsReply().reply(200, archive);
		const [zip] = (await runSocure({ output: 'zip' })).output('Socure');
		expect((zip.json.files as Array<{ fileName: string }>).map((file) => file.fileName)).toEqual([
			'scan.jpg',
		]);
	});

	test('the API key inside entry names is masked in path, fileName, files[] and the binary, in every Output', async () => {
		const archive = buildZip([
			{
				name: `user_uploaded/document_verification/documentfront_${FAKE_CREDENTIAL}.jpg`,
				content: fakeJpeg('front'),
			},
			{ name: `case_attachments/${FAKE_CREDENTIAL}/note.pdf`, content: fakePdf('note') },
		]);
		const runs = [];
		for (const output of ['filePerItem', 'filesInOneItem', 'zip']) {
			documentsReply().reply(200, archive);
			runs.push(await runSocure({ output }));
		}
		documentsReply().reply(200, archive);
		runs.push(
			await runSocure(
				{},
				{ input: [{ json: { toolCallId: 'call_1' } }], nodeType: 'socureRiskOsTool' },
			),
		);
		const [perItem, inOne, zip, tool] = runs.map((result) => result.output('Socure'));
		expect(perItem.map((item) => [item.json.path, item.json.fileName])).toEqual([
			[
				'user_uploaded/document_verification/documentfront_[redacted].jpg',
				'documentfront_[redacted].jpg',
			],
			['case_attachments/[redacted]/note.pdf', 'note.pdf'],
		]);
		expect(perItem[0].binary!.data.fileName).toBe('documentfront_[redacted].jpg');
		expect(inOne[0].binary!.documentFront.fileName).toBe('documentfront_[redacted].jpg');
		for (const files of [inOne[0].json.files, zip[0].json.files, tool[0].json.files]) {
			expect((files as Array<{ path: string }>).map((file) => file.path)).toEqual([
				'user_uploaded/document_verification/documentfront_[redacted].jpg',
				'case_attachments/[redacted]/note.pdf',
			]);
		}
		for (const result of runs) expectNoSecretIn(result, [FAKE_CREDENTIAL]);
	});

	test('the API key inside the name of a damaged entry is masked in the error', async () => {
		documentsReply().reply(
			200,
			buildZip([{ name: `${FAKE_CREDENTIAL}.jpg`, content: fakeJpeg('x'), crc: 1 }]),
		);
		const result = await runSocure({});
		expect(result.error?.message).toBe(
			`The documents of evaluation "${EVAL}" could not be read: entry "[redacted].jpg" fails its CRC-32 check (the archive is corrupt) (item 0)`,
		);
		expectNoSecretIn(result, [FAKE_CREDENTIAL]);
	});
});

describe('as an AI Agent tool (the derived socureRiskOsTool type)', () => {
	test('one JSON item describing every file, whatever the Output setting, and no binary', async () => {
		const { archive, files } = socureDocumentsZip(EVAL);
		for (const output of ['filePerItem', 'zip']) {
			documentsReply().reply(200, archive);
			const result = await runSocure(
				{ output },
				{ input: [{ json: { toolCallId: 'call_1' } }], nodeType: 'socureRiskOsTool' },
			);
			const items = result.output('Socure');
			expect(items).toHaveLength(1);
			expect(items[0].binary).toBeUndefined();
			expect(items[0].json).toMatchObject({
				evaluationId: EVAL,
				documentsFound: true,
				fileCount: 5,
			});
			const listed = items[0].json.files as Array<Record<string, unknown>>;
			expect(listed[0]).toEqual(describedFiles(files)[0]);
			expect(listed.map((file) => [file.role, file.mimeType])).toEqual([
				['documentFront', 'image/jpeg'],
				['documentBack', 'image/jpeg'],
				['selfie', 'image/jpeg'],
				['attachment', 'application/pdf'],
				['attachment', 'application/pdf'],
			]);
			expect(JSON.stringify(items)).not.toContain(FAKE_CREDENTIAL);
		}
	});
});

describe('no documents (400 "No Documents Found")', () => {
	const noDocuments = () => documentsReply().reply(400, { message: 'No Documents Found' });

	test('emits an item by default', async () => {
		noDocuments();
		const result = await runSocure({});
		expect(result.output('Socure')).toEqual([
			{
				json: { evaluationId: EVAL, documentsFound: false, message: 'No Documents Found' },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('skip emits nothing', async () => {
		noDocuments();
		const result = await runSocure({ options: { onNoDocuments: 'skip' } });
		expect(result.error).toBeUndefined();
		expect(result.output('Socure')).toEqual([]);
	});

	test('error fails with an explanation', async () => {
		noDocuments();
		const result = await runSocure({ options: { onNoDocuments: 'error' } });
		expect(result.error?.message).toBe(
			`Socure has no documents for evaluation "${EVAL}": No Documents Found (item 0)`,
		);
		expect(result.error?.description).toMatch(/military IDs, minors/);
	});
});

describe('errors', () => {
	test('a bad evaluation ID fails before any request and quotes the ID', async () => {
		const scope = nock(SANDBOX).get(/.*/).reply(200, 'should not be called');
		const result = await runSocure({ evaluationId: 'fb1ddadc/../../admin' });
		expect(result.error?.message).toBe(
			'Evaluation ID "fb1ddadc/../../admin" is not a UUID (item 0)',
		);
		expect(result.error?.description).toMatch(/eval_id/);
		expect(scope.isDone()).toBe(false);
	});

	test.each([
		[401, /rejected the API key/, /belongs to the "sandbox" environment/],
		[403, /may not read the documents/, /lacks permission/],
		[
			404,
			new RegExp(`Evaluation "${EVAL}" was not found in the "sandbox" environment`),
			/environment the evaluation was created in/,
		],
		[400, /refused the request/, /Check the evaluation ID/],
	])('HTTP %i is not retried and says what to do', async (status, message, description) => {
		const scope = documentsReply()
			.once()
			.reply(status, { message: `failure for ${FAKE_CREDENTIAL}` });
		const result = await runSocure({});
		expect(scope.isDone()).toBe(true);
		expectHttpFailure(result, status, message, description);
	});

	test('HTTP 500 is retried within Max Retries, then reported as a Socure fault', async () => {
		const scope = documentsReply().times(2).reply(500, { message: 'Internal Server Error' });
		const result = await runSocure({ options: { maxRetries: 1 } });
		expect(scope.isDone()).toBe(true);
		expect(result.error?.message).toMatch(/internal error \(HTTP 500\)/);
		expect(result.error?.description).toMatch(/fault on Socure's side/);
	});

	test('HTTP 429 honours Retry-After and then succeeds', async () => {
		const { archive } = socureDocumentsZip(EVAL);
		const scope = documentsReply()
			.reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '0' })
			.get(`/api/evaluation/${EVAL}/documents`)
			.reply(200, archive);
		const result = await runSocure({});
		expect(scope.isDone()).toBe(true);
		expect(result.output('Socure')).toHaveLength(5);
	});

	test('a 200 that is not a ZIP (an HTML login page) names the evaluation and the likely cause', async () => {
		documentsReply().reply(200, '<!doctype html><title>Login</title>', {
			'Content-Type': 'text/html',
		});
		const result = await runSocure({});
		expect(result.error?.message).toBe(
			`The documents of evaluation "${EVAL}" could not be read: the response is not a ZIP archive (item 0)`,
		);
		expect(result.error?.description).toMatch(/environment or Base URL/);
	});

	test.each([
		['a truncated archive', (zip: Buffer) => zip.subarray(0, zip.length - 40), /truncated/],
		[
			'a CRC mismatch',
			() => buildZip([{ name: 'a.jpg', content: fakeJpeg('a'), crc: 1 }]),
			/CRC-32/,
		],
		[
			'too many entries',
			() =>
				buildZip(
					Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, content: Buffer.from('x') })),
				),
			/limit of 5/,
		],
		[
			'a zip bomb',
			() => buildZip([{ name: 'bomb.bin', content: Buffer.alloc(3 * 1024 * 1024) }]),
			/more than 2 MB/,
		],
	])('%s is refused with a clear error', async (_label, make, message) => {
		documentsReply().reply(200, make(socureDocumentsZip(EVAL).archive));
		const result = await runSocure({ options: { maxFiles: 5, maxUnzippedSizeMb: 2 } });
		expect(result.error?.message).toContain(`evaluation "${EVAL}"`);
		expect(result.error?.message).toMatch(message);
	});

	test('a limit option an expression turns into no number keeps its default, never lifts it', async () => {
		const entries = Array.from({ length: 1001 }, (_, i) => ({
			name: `f${i}.txt`,
			content: Buffer.from('x'),
		}));
		documentsReply().reply(200, buildZip(entries));
		const result = await runSocure({ options: { maxFiles: '={{ "many" }}' } });
		expect(result.error?.message).toMatch(/limit of 1,?000/);
	});

	test("Max Archive Size defaults to 256 MB, n8n 3.0's Compression limit", async () => {
		documentsReply().reply(200, Buffer.alloc(16), {
			'Content-Type': 'application/zip',
			'Content-Length': String(300 * 1024 * 1024),
		});
		const result = await runSocure({ options: { maxRetries: 0 } });
		expect(result.error?.message).toBe(
			"Socure RiskOS announced 300 MB for the evaluation's ZIP archive, over the 256 MB limit (item 0)",
		);
	});

	test("Max Unzipped Size defaults to 256 MB, n8n 3.0's Compression limit", async () => {
		// Declared, not sent: the central directory is checked before anything is inflated.
		const declared = 300 * 1024 * 1024;
		documentsReply().reply(
			200,
			buildZip([{ name: 'big.jpg', content: fakeJpeg('big'), declaredSize: declared }]),
		);
		const result = await runSocure({});
		expect(result.error?.message).toBe(
			`The documents of evaluation "${EVAL}" could not be read: the ZIP archive would inflate to more than 256 MB, the limit (item 0)`,
		);
	});

	test('continue on error: every input item yields an output item, in order', async () => {
		const { archive } = socureDocumentsZip(EVAL);
		documentsReply().reply(200, archive);
		documentsReply(SANDBOX, EVAL_2).reply(404, { message: 'Not Found' });
		const result = await runSocure(
			{ evaluationId: '={{ $json.evalId }}', output: 'zip' },
			{
				continueOnFail: true,
				input: [
					{ json: { evalId: EVAL } },
					{ json: { evalId: 'not-a-uuid' } },
					{ json: { evalId: EVAL_2 } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		const items = result.output('Socure');
		expect(items).toHaveLength(3);
		expect(items[0].json.evaluationId).toBe(EVAL);
		expect(items[1].json.error).toBe('Evaluation ID "not-a-uuid" is not a UUID (item 1)');
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[2].json).toMatchObject({
			error: expect.stringContaining('was not found'),
			httpCode: '404',
		});
		expect(items[2].pairedItem).toEqual({ item: 2 });
	});

	test('a network failure is retried, and when it persists names the host, never the key', async () => {
		const { archive } = socureDocumentsZip(EVAL);
		const reset = () =>
			Object.assign(new Error(`socket closed for Bearer ${FAKE_CREDENTIAL}`), {
				code: 'ECONNRESET',
			});
		const flaky = documentsReply()
			.replyWithError(reset())
			.get(`/api/evaluation/${EVAL}/documents`)
			.reply(200, archive);
		expect((await runSocure({})).output('Socure')).toHaveLength(5);
		expect(flaky.isDone()).toBe(true);

		const down = documentsReply().times(2).replyWithError(reset());
		const result = await runSocure({ options: { maxRetries: 1 } });
		expect(down.isDone()).toBe(true);
		expect(result.error?.message).toMatch(/^Could not reach riskos.sandbox.socure.com/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(FAKE_CREDENTIAL);
	});
});

describe('credential problems', () => {
	test('a custom environment without Base URL fails every item with the fix, and continue on error keeps them', async () => {
		const result = await runSocure(
			{ evaluationId: '={{ $json.evalId }}' },
			{
				continueOnFail: true,
				input: [{ json: { evalId: EVAL } }, { json: { evalId: EVAL_2 } }],
				credentials: {
					socureRiskOsApi: { environment: 'custom', baseUrl: ' ', apiKey: FAKE_CREDENTIAL },
				},
			},
		);
		const items = result.output('Socure');
		expect(items.map((item) => item.json.error)).toEqual([
			'The credential uses the "Custom" environment but its Base URL is empty. Enter the scheme and host, e.g. https://proxy.example.com (item 0)',
			'The credential uses the "Custom" environment but its Base URL is empty. Enter the scheme and host, e.g. https://proxy.example.com (item 1)',
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
