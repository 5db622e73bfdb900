import nock from 'nock';

import { FAKE_UNIT21_CREDENTIAL } from '../../../fixtures/credentials';
import {
	type InputItem,
	type NodeUnderTest,
	runChain,
	useOfflineHttp,
} from '../../../harness/engine';
import {
	captureRequests,
	type CapturedAnswer,
	type CapturedRequest,
	runSendingNothing,
} from '../../../fixtures/capture';
import { parseMultipart } from '../../../fixtures/multipart';
import { fakeJpeg, fakePdf, fakePng } from '../../../fixtures/zip';
import { UNIT21_API as API, UNIT21_CREDENTIALS as credentials } from '../../../fixtures/unit21';

const FAKE_CREDENTIAL = FAKE_UNIT21_CREDENTIAL;

useOfflineHttp(nock);

type Captured = CapturedRequest<Buffer>;

/** Intercepts PUTs on the host, recording raw bodies and headers, answering with the given answers in turn. */
const captureUploads = (answers: CapturedAnswer[] = [[200, {}]], host = API) =>
	captureRequests(host, 'put', /link-media$/, answers, { readBody: rawBody });

/** nock hands over JSON bodies parsed, text as UTF-8 and binary bodies hex-encoded. */
function rawBody(body: unknown): Buffer {
	if (typeof body === 'object') return Buffer.from(JSON.stringify(body));
	const text = String(body);
	return /^(--|\[|\{)/.test(text) ? Buffer.from(text, 'utf8') : Buffer.from(text, 'hex');
}

/** The one upload Unit21 received from a run with these parameters and input. */
async function uploadOf(
	parameters: Record<string, unknown>,
	input: InputItem[],
): Promise<Captured> {
	const { captured } = captureUploads();
	await runUnit21(parameters, input);
	expect(captured).toHaveLength(1);
	return captured[0];
}

function multipartOf(capture: Captured) {
	return parseMultipart(capture.body, String(capture.headers['content-type']));
}

function unit21(parameters: Record<string, unknown>, continueOnFail = false): NodeUnderTest {
	return {
		name: 'Unit21',
		type: 'unit21',
		parameters: { operation: 'addMedia', ...parameters },
		continueOnFail,
	};
}

async function runUnit21(
	parameters: Record<string, unknown>,
	input: InputItem[],
	continueOnFail = false,
) {
	return await runChain({ input, nodes: [unit21(parameters, continueOnFail)], credentials });
}

const jpeg = fakeJpeg('front');
const fileItem = (
	json: Record<string, unknown> = {},
	content = jpeg,
	fileName: string | undefined = 'front.jpg',
	mimeType = 'image/jpeg',
): InputItem => ({
	json,
	binary: { data: { content, fileName, mimeType } },
});

describe('requests per resource', () => {
	test.each([
		[
			'entity',
			{ entityId: 'u-3593dece/6642@x' },
			'/v1/acme_bank/entities/u-3593dece%2F6642%40x/link-media',
		],
		[
			'event',
			{ eventId: 'txn:1560408033', mediaType: 'IMAGE_CHECK_FRONT' },
			'/v1/acme_bank/events/txn%3A1560408033/link-media',
		],
		['alert', { alertId: '571485314' }, '/v1/alerts/571485314/link-media'],
		['case', { caseId: '88123' }, '/v1/cases/88123/link-media'],
	])('%s: PUT to the documented path with the u21-key header', async (resource, ids, path) => {
		const { captured, scope } = captureUploads();
		const result = await runUnit21({ resource, ...ids }, [fileItem()]);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(captured[0].path).toBe(path);
		expect(captured[0].headers['u21-key']).toBe(FAKE_CREDENTIAL);
		const [item] = result.output('Unit21');
		expect(item.json).toMatchObject({
			objectType: resource,
			uploadMode: 'formData',
			files: [
				{ property: 'data', fileName: 'front.jpg', mimeType: 'image/jpeg', size: jpeg.length },
			],
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('a custom environment with a path prefix', async () => {
		const { captured } = captureUploads([[200, {}]], 'http://127.0.0.1:9921');
		const result = await runChain({
			input: [fileItem()],
			nodes: [unit21({ resource: 'alert', alertId: '1' })],
			credentials: {
				unit21Api: {
					environment: 'custom',
					baseUrl: 'http://127.0.0.1:9921/u21/',
					orgName: 'o',
					apiKey: FAKE_CREDENTIAL,
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(captured[0].path).toBe('/u21/v1/alerts/1/link-media');
	});
});

describe('multipart bodies', () => {
	test('one part per file with name and type, and the JSON part under the same key', async () => {
		const upload = await uploadOf(
			{
				resource: 'entity',
				entityId: 'user-1',
				options: {
					source: 'socure_docv',
					timestamp: '2019-11-02T05:40:29Z',
					customData: '{"evaluationId":"e-1"}',
				},
			},
			[fileItem({ unit21MediaType: 'IMAGE_ID_CARD_FRONT' })],
		);
		expect(String(upload.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const parts = multipartOf(upload);
		expect(parts.map((part) => [part.name, part.fileName, part.contentType])).toEqual([
			['data', 'front.jpg', 'image/jpeg'],
			['data', undefined, undefined],
		]);
		expect(parts[0].content.equals(jpeg)).toBe(true);
		expect(JSON.parse(parts[1].content.toString())).toEqual({
			media_type: 'IMAGE_ID_CARD_FRONT',
			source: 'socure_docv',
			timestamp: 1572673229,
			custom_data: { evaluationId: 'e-1' },
		});
	});

	test('Custom Data From Fields: the named JSON fields of the item (dots reach in), merged over Custom Data', async () => {
		const { captured } = captureUploads();
		const verdict = {
			_id: 'dl_1',
			riskScore: 0.71,
			validationResults: { printedCopy: { passed: false, score: 0.2 } },
			other: 'not sent',
		};
		await runUnit21(
			{
				resource: 'entity',
				entityId: 'user-1',
				options: {
					customData: '{"evaluationId":"e-1","riskScore":"overridden"}',
					customDataFields: ' _id, riskScore,validationResults.printedCopy ',
				},
			},
			[fileItem(verdict)],
		);
		expect(JSON.parse(multipartOf(captured[0])[1].content.toString()).custom_data).toEqual({
			evaluationId: 'e-1',
			_id: 'dl_1',
			riskScore: 0.71,
			'validationResults.printedCopy': { passed: false, score: 0.2 },
		});
	});

	test('several properties in one request; no JSON part when there is nothing to say', async () => {
		const png = fakePng('back');
		const pdf = fakePdf('doc');
		const { captured } = captureUploads();
		const result = await runUnit21(
			{ resource: 'case', caseId: '42', binaryPropertyName: 'front, back ,doc', mediaType: 'none' },
			[
				{
					binary: {
						front: { content: jpeg, fileName: 'front.jpg', mimeType: 'image/jpeg' },
						back: { content: png, fileName: 'back.png', mimeType: 'image/png' },
						doc: { content: pdf, fileName: 'identity.pdf', mimeType: 'application/pdf' },
					},
				},
			],
		);
		expect(captured).toHaveLength(1);
		const parts = multipartOf(captured[0]);
		expect(parts.map((part) => [part.name, part.fileName, part.contentType])).toEqual([
			['front', 'front.jpg', 'image/jpeg'],
			['back', 'back.png', 'image/png'],
			['doc', 'identity.pdf', 'application/pdf'],
		]);
		expect(parts[1].content.equals(png)).toBe(true);
		expect(parts[2].content.equals(pdf)).toBe(true);
		expect((result.output('Unit21')[0].json.files as unknown[]).length).toBe(3);
	});

	test('a file name without extension gets one from its MIME type', async () => {
		const upload = await uploadOf({ resource: 'alert', alertId: '7' }, [
			fileItem({}, jpeg, 'Doc_Selfie_1_blob', 'image/jpeg'),
		]);
		expect(multipartOf(upload)[0].fileName).toBe('Doc_Selfie_1_blob.jpg');
	});
});

describe('base64 bodies', () => {
	test('a JSON array of {media, name, media_type, custom_data}; source and timestamp go in custom_data', async () => {
		const upload = await uploadOf(
			{
				resource: 'entity',
				entityId: 'user-1',
				uploadMode: 'base64',
				mediaType: 'IMAGE_PASSPORT_FRONT',
				options: { customData: '{"reviewers":3}', source: 'app', timestamp: '1572673229' },
			},
			[fileItem()],
		);
		expect(upload.headers['content-type']).toBe('application/json');
		expect(JSON.parse(upload.body.toString())).toEqual([
			{
				media: jpeg.toString('base64'),
				name: 'front.jpg',
				media_type: 'IMAGE_PASSPORT_FRONT',
				custom_data: { reviewers: 3, source: 'app', timestamp: 1572673229 },
			},
		]);
	});
});

describe('media type resolution', () => {
	test("auto: the item's unit21MediaType, a files entry per property, or none", async () => {
		const { captured } = captureUploads([
			[200, {}],
			[200, {}],
		]);
		await runUnit21(
			{ resource: 'entity', entityId: 'u', binaryPropertyName: '*', uploadMode: 'base64' },
			[
				fileItem({ unit21MediaType: 'IMAGE_FACE_IMAGE' }),
				{
					json: {
						files: [
							{ property: 'documentBack', unit21MediaType: 'IMAGE_ID_CARD_BACK' },
							{ property: 'attachment_1' },
						],
					},
					binary: {
						documentBack: { content: jpeg, fileName: 'back.jpg', mimeType: 'image/jpeg' },
						attachment_1: { content: fakePdf('a'), fileName: 'a.pdf', mimeType: 'application/pdf' },
						unlisted: { content: fakePdf('b'), fileName: 'b.pdf', mimeType: 'application/pdf' },
					},
				},
			],
		);
		expect(
			JSON.parse(captured[0].body.toString()).map(
				(media: { media_type?: string }) => media.media_type,
			),
		).toEqual(['IMAGE_FACE_IMAGE']);
		expect(
			JSON.parse(captured[1].body.toString()).map(
				(media: { name: string; media_type?: string }) => [media.name, media.media_type],
			),
		).toEqual([
			['back.jpg', 'IMAGE_ID_CARD_BACK'],
			['a.pdf', undefined],
			['b.pdf', undefined],
		]);
	});

	test('none sends no media type even when the item has one', async () => {
		const upload = await uploadOf(
			{ resource: 'entity', entityId: 'u', uploadMode: 'base64', mediaType: 'none' },
			[fileItem({ unit21MediaType: 'IMAGE_FACE_IMAGE' })],
		);
		expect(JSON.parse(upload.body.toString())[0].media_type).toBeUndefined();
	});
});

describe('refusals before any request', () => {
	test.each([
		[
			'a missing property',
			{ binaryPropertyName: 'selfie' },
			fileItem(),
			/Input item 0 has no binary property "selfie"/,
		],
		['an item without binaries', {}, { json: { a: 1 } }, /has no binary property "data"/],
		[
			'a type Unit21 does not take',
			{},
			fileItem({}, Buffer.from('zip'), 'bundle.zip', 'application/zip'),
			/Unit21 does not accept "bundle.zip" \(binary property "data" of item 0\)/,
		],
		[
			'a file over 5 MB',
			{},
			fileItem({}, Buffer.alloc(5 * 1024 * 1024 + 1), 'big.jpg'),
			/"big.jpg" \(binary property "data" of item 0\) is 5 MB, over Unit21's 5 MB limit/,
		],
		[
			'a name without extension and an unknown type',
			{},
			fileItem({}, Buffer.from('x'), 'blob', 'application/x-unknown'),
			/has no file extension/,
		],
		[
			'invalid custom data',
			{ options: { customData: '{not json' } },
			fileItem(),
			/Custom Data is not valid JSON/,
		],
		[
			'custom data that is not an object',
			{ options: { customData: '[1,2]' } },
			fileItem(),
			/Custom Data must be a JSON object/,
		],
		[
			'a bad timestamp',
			{ options: { timestamp: 'yesterday-ish' } },
			fileItem(),
			/Timestamp "yesterday-ish" is not a date/,
		],
		[
			'a custom data field the item lacks',
			{ options: { customDataFields: 'riskScore, verdict' } },
			fileItem({ riskScore: 1 }),
			/Custom Data From Fields names "verdict", which item 0's JSON does not have/,
		],
		[
			'a bad entity ID',
			{ entityId: 'has space' },
			fileItem(),
			/Entity ID "has space" is not a valid Unit21 entity ID/,
		],
		['an empty entity ID', { entityId: ' ' }, fileItem(), /Entity ID is empty/],
	])('%s', async (_label, parameters, input, message) => {
		const scope = nock(API).put(/.*/).reply(200, {});
		const result = await runUnit21({ resource: 'entity', entityId: 'user-1', ...parameters }, [
			input as InputItem,
		]);
		expect(scope.isDone()).toBe(false);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toMatch(/\(item 0\)$/);
	});

	test('event media needs a media type', async () => {
		const result = await runSendingNothing(API, 'put', () =>
			runUnit21({ resource: 'event', eventId: 'e1' }, [fileItem()]),
		);
		expect(result.error?.message).toMatch(/requires a media type for event media/);
	});

	test('continue on error keeps every item, in order, paired', async () => {
		const { captured } = captureUploads([
			[200, {}],
			[200, {}],
		]);
		const result = await runUnit21(
			{ resource: 'entity', entityId: '={{ $json.id }}' },
			[fileItem({ id: 'a' }), { json: { id: 'b' } }, fileItem({ id: 'c' })],
			true,
		);
		expect(captured.map((capture) => capture.path).sort()).toEqual([
			'/v1/acme_bank/entities/a/link-media',
			'/v1/acme_bank/entities/c/link-media',
		]);
		expect(result.outcomes('Unit21', 'objectId')).toEqual([
			['a', { item: 0 }],
			['Input item 1 has no binary property "data" (item 1)', { item: 1 }],
			['c', { item: 2 }],
		]);
	});
});

describe('responses', () => {
	test('404 says the object does not exist for this org in this environment; never retried', async () => {
		const { captured } = captureUploads([
			[404, { error_code: 'entity_not_found' }],
			[200, {}],
		]);
		const result = await runUnit21({ resource: 'entity', entityId: 'ghost' }, [fileItem()]);
		expect(captured).toHaveLength(1);
		expect(result.error?.message).toBe(
			'Entity "ghost" does not exist for org "acme_bank" in the "sandbox1" environment (HTTP 404) (item 0)',
		);
	});

	test.each([
		[409, { message: 'Conflict' }],
		[400, { error_code: 'invalid_request', message: 'Placeholder entities cannot be updated' }],
	])('HTTP %i with a placeholder says placeholders cannot take media', async (status, body) => {
		captureUploads([[status, body]]);
		const result = await runUnit21({ resource: 'entity', entityId: 'p1' }, [fileItem()]);
		expect(result.error?.message).toMatch(/placeholder entities cannot take media/);
	});

	test.each([
		[401, /rejected the API key/, /"sandbox1" environment/],
		[403, /may not add media to entities/, /write access to entities/],
	])(
		'HTTP %i names the key and its scope, without the key',
		async (status, message, description) => {
			captureUploads([[status, { message: `denied for ${FAKE_CREDENTIAL}` }]]);
			const result = await runUnit21({ resource: 'entity', entityId: 'u' }, [fileItem()]);
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(description);
			expect(JSON.stringify(result.run.data.resultData)).not.toContain(FAKE_CREDENTIAL);
		},
	);

	test('423 is retried with back-off and the same bytes are sent again', async () => {
		const { captured } = captureUploads([
			[423, {}],
			[200, {}],
		]);
		const result = await runUnit21({ resource: 'entity', entityId: 'u' }, [fileItem()]);
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
		expect(captured[1].body.equals(captured[0].body)).toBe(true);
		expect(multipartOf(captured[1])[0].content.equals(jpeg)).toBe(true);
	});

	test('429 honours X-RateLimit-Reset, then succeeds', async () => {
		const reset = String(Math.floor(Date.now() / 1000));
		const { captured } = captureUploads([
			[429, {}, { 'X-RateLimit-Reset': reset, 'X-RateLimit-Remaining': '0' }],
			[200, {}],
		]);
		const result = await runUnit21({ resource: 'entity', entityId: 'u' }, [fileItem()]);
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
	});

	test('423 that persists is reported after Max Retries', async () => {
		const { captured } = captureUploads([
			[423, {}],
			[423, {}],
		]);
		const result = await runUnit21(
			{ resource: 'alert', alertId: '9', options: { maxRetries: 1 } },
			[fileItem()],
		);
		expect(captured).toHaveLength(2);
		expect(result.error?.message).toMatch(
			/locked while updating it \(HTTP 423\), and retries were spent/,
		);
	});
});

describe('untrusted names and types cannot add part headers', () => {
	/** Each part's header lines as sent, before the blank line. */
	function partHeaders(capture: Captured): string[][] {
		const boundary = /boundary=(.+)$/.exec(String(capture.headers['content-type']))![1];
		return capture.body
			.toString('latin1')
			.split(`--${boundary}`)
			.slice(1, -1)
			.map((part) => part.slice(2, part.indexOf('\r\n\r\n')).split('\r\n'));
	}

	test("a MIME type holding CR/LF is not written: the type of the file's extension is sent instead", async () => {
		const { captured } = captureUploads();
		const result = await runUnit21({ resource: 'alert', alertId: '7', mediaType: 'none' }, [
			fileItem(
				{},
				jpeg,
				'front.jpg',
				'image/jpeg\r\nContent-Disposition: form-data; name="data"; filename="evil.exe"',
			),
		]);
		expect(result.error).toBeUndefined();
		expect(partHeaders(captured[0])).toEqual([
			[
				'Content-Disposition: form-data; name="data"; filename="front.jpg"',
				'Content-Type: image/jpeg',
			],
		]);
		expect(result.output('Unit21')[0].json.files).toEqual([
			{ property: 'data', fileName: 'front.jpg', mimeType: 'image/jpeg', size: jpeg.length },
		]);
	});

	test.each([
		['image/jpeg; charset="utf-8"', 'image/jpeg; charset="utf-8"'],
		['application/pdf', 'application/pdf'],
		['image/jpeg; a=b\u0000c', 'image/jpeg'],
		['not a type', 'image/jpeg'],
		['image/jpe g', 'image/jpeg'],
	])('MIME type %j is sent as %j', async (mimeType, sent) => {
		const upload = await uploadOf({ resource: 'alert', alertId: '7', mediaType: 'none' }, [
			fileItem({}, jpeg, 'front.jpg', mimeType),
		]);
		expect(partHeaders(upload)[0][1]).toBe(`Content-Type: ${sent}`);
	});

	test('a form key and a file name holding CR, LF and quotes stay inside Content-Disposition', async () => {
		const { captured } = captureUploads();
		const key = 'data"\r\nX-Injected: 1';
		const result = await runUnit21(
			{ resource: 'alert', alertId: '7', binaryPropertyName: '*', mediaType: 'none' },
			[
				{
					json: {},
					binary: {
						[key]: {
							content: jpeg,
							fileName: 'a"\r\nX-Evil: 1\r\n\r\n.jpg',
							mimeType: 'image/jpeg',
						},
					},
				},
			],
		);
		expect(result.error).toBeUndefined();
		expect(partHeaders(captured[0])).toEqual([
			[
				'Content-Disposition: form-data; name="data%22%0D%0AX-Injected: 1"; filename="a%22%0D%0AX-Evil: 1%0D%0A%0D%0A.jpg"',
				'Content-Type: image/jpeg',
			],
		]);
	});
});

describe('Custom Data too deep or a request too large is refused with words', () => {
	test('Custom Data nested 200,000 levels: a worded refusal, not a stack overflow, and nothing sent', async () => {
		const scope = nock(API).put(/.*/).reply(200, {});
		const deep = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
		const result = await runUnit21(
			{ resource: 'entity', entityId: 'user-1', options: { customData: deep } },
			[fileItem()],
		);
		expect(scope.isDone()).toBe(false);
		expect(result.error?.message).toBe('Custom Data is nested more than 100 levels deep (item 0)');
		expect(result.error?.description).toMatch(/Flatten it/);
	});

	test('Custom Data nested 100 levels is sent', async () => {
		const { captured } = captureUploads();
		const deep = `${'{"a":'.repeat(99)}1${'}'.repeat(99)}`;
		const result = await runUnit21(
			{ resource: 'entity', entityId: 'user-1', options: { customData: deep } },
			[fileItem()],
		);
		expect(result.error).toBeUndefined();
		expect(multipartOf(captured[0])[1].content.toString()).toContain(deep);
	});
});

describe('an answer that is not JSON', () => {
	test('a 200 with an HTML body says the files may have been linked, so check before running again', async () => {
		const scope = nock(API)
			.put(/link-media$/)
			.reply(200, '<html>ok</html>', { 'Content-Type': 'text/html' });
		const result = await runUnit21({ resource: 'entity', entityId: 'u-1' }, [fileItem()]);
		expect(scope.isDone()).toBe(true);
		expect(result.error?.message).toMatch(/^The service answered with a body that is not JSON/);
		expect(result.error?.description).toMatch(
			/the files may have been linked: check the media of Entity "u-1" in Unit21 before running the node again/,
		);
		expect(result.error?.description).not.toMatch(/probably did not reach/);
	});
});
