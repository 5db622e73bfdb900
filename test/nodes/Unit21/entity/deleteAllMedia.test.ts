/**
 * Unit21 → Entity → Delete All Media: PUT /v1/{org}/entities/{id}/delete-all-media, the
 * input's files passed through so Add Media can follow, 423 retried, never resent after
 * an unknown outcome unless asked.
 */
import nock from 'nock';

import { captureRequests, type CapturedAnswer, runSendingNothing } from '../../../fixtures/capture';
import { FAKE_UNIT21_CREDENTIAL } from '../../../fixtures/credentials';
import { parseMultipart } from '../../../fixtures/multipart';
import { fakeJpeg } from '../../../fixtures/zip';
import { UNIT21_API as API, UNIT21_CREDENTIALS as credentials } from '../../../fixtures/unit21';
import {
	binaryBytes,
	type InputItem,
	type NodeUnderTest,
	runChain,
	useOfflineHttp,
} from '../../../harness/engine';
import { expectNoSecretIn } from '../../../harness/secrets';

useOfflineHttp(nock);

/** Intercepts PUTs on the host in order, recording each, answering with the given answers in turn. */
const captureMediaPuts = (answers: CapturedAnswer[] = [[200, {}]]) =>
	captureRequests<unknown>(API, 'put', /\/(delete-all-media|link-media)$/, answers);

function deleteNode(parameters: Record<string, unknown>, continueOnFail = false): NodeUnderTest {
	return {
		name: 'Delete all media',
		type: 'unit21',
		parameters: { resource: 'entity', operation: 'deleteAllMedia', ...parameters },
		continueOnFail,
	};
}

async function runDelete(
	parameters: Record<string, unknown>,
	input: InputItem[] = [{ json: {} }],
	{ continueOnFail = false, type = 'unit21', unit21Api = credentials.unit21Api } = {},
) {
	return await runChain({
		input,
		nodes: [{ ...deleteNode(parameters, continueOnFail), type }],
		credentials: { unit21Api },
	});
}

const jpeg = fakeJpeg('front');

describe('the request', () => {
	test('PUT to the org-scoped path, the ID encoded, no body; an empty answer says what happened', async () => {
		const { captured, scope } = captureMediaPuts([[200, {}]]);
		const result = await runDelete({ entityId: 'u-3593dece/6642@x' });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(captured[0]).toMatchObject({
			method: 'PUT',
			path: '/v1/acme_bank/entities/u-3593dece%2F6642%40x/delete-all-media',
		});
		expect(captured[0].headers['u21-key']).toBe(FAKE_UNIT21_CREDENTIAL);
		expect(captured[0].headers['content-type']).toBeUndefined();
		expect(captured[0].body).toBe('');
		expect(result.output('Delete all media')).toEqual([
			{ json: { entityId: 'u-3593dece/6642@x', deleted: true }, pairedItem: { item: 0 } },
		]);
	});

	test('a body-less 200 gives the same; an answer with content is passed on unchanged', async () => {
		captureMediaPuts([
			[200, ''],
			[200, { deleted_media: 3 }],
		]);
		const result = await runDelete({ entityId: '={{ $json.id }}', options: { concurrency: 1 } }, [
			{ json: { id: 'a' } },
			{ json: { id: 'b' } },
		]);
		expect(result.output('Delete all media').map((item) => item.json)).toEqual([
			{ entityId: 'a', deleted: true },
			{ deleted_media: 3 },
		]);
	});

	test("the input item's files pass through, byte for byte, so Add Media can follow directly", async () => {
		const { captured } = captureMediaPuts([
			[200, {}],
			[200, {}],
		]);
		const result = await runChain({
			input: [
				{
					json: { customerId: 'customer-1001', unit21MediaType: 'IMAGE_ID_CARD_FRONT' },
					binary: { data: { content: jpeg, fileName: 'front.jpg', mimeType: 'image/jpeg' } },
				},
			],
			nodes: [
				deleteNode({ entityId: '={{ $json.customerId }}' }),
				{
					name: 'Add media',
					type: 'unit21',
					parameters: {
						resource: 'entity',
						operation: 'addMedia',
						entityId: "={{ $('Input').item.json.customerId }}",
						mediaType: 'IMAGE_ID_CARD_FRONT',
					},
				},
			],
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [deleted] = result.output('Delete all media');
		expect((await binaryBytes(deleted.binary?.data)).equals(jpeg)).toBe(true);
		expect(captured.map((capture) => capture.path)).toEqual([
			'/v1/acme_bank/entities/customer-1001/delete-all-media',
			'/v1/acme_bank/entities/customer-1001/link-media',
		]);
		const raw = String(captured[1].body);
		const parts = parseMultipart(
			Buffer.from(raw, raw.startsWith('--') ? 'utf8' : 'hex'),
			String(captured[1].headers['content-type']),
		);
		expect([parts[0].fileName, parts[0].content.equals(jpeg)]).toEqual(['front.jpg', true]);
	});
});

describe('refusals before any request', () => {
	test.each([
		['an empty ID', ' ', /^Entity ID is empty \(item 0\)$/],
		['a dot', '.', /^Entity ID "\." is not a valid Unit21 entity ID \(item 0\)$/],
		['two dots', '..', /^Entity ID "\.\." is not a valid Unit21 entity ID \(item 0\)$/],
		['a space', 'a b', /^Entity ID "a b" is not a valid Unit21 entity ID \(item 0\)$/],
	])('%s', async (_label, entityId, message) => {
		const result = await runSendingNothing(API, 'put', () => runDelete({ entityId }));
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/not dots alone/);
	});

	test('a credential without an organization name', async () => {
		const scope = nock(API).put(/.*/).reply(200, {});
		const result = await runDelete({ entityId: 'user-1' }, [{ json: {} }], {
			unit21Api: { ...credentials.unit21Api, orgName: ' ' },
		});
		expect(scope.isDone()).toBe(false);
		expect(result.error?.message).toBe('The Unit21 credential has no Organization Name (item 0)');
	});

	test('continue on error: every item answered, in order, paired', async () => {
		const { captured } = captureMediaPuts([
			[200, {}],
			[404, { error_code: 'entity_not_found' }],
		]);
		const result = await runDelete(
			{ entityId: '={{ $json.id }}', options: { concurrency: 1 } },
			[{ json: { id: 'a' } }, { json: { id: '..' } }, { json: { id: 'ghost' } }],
			{ continueOnFail: true },
		);
		expect(captured.map((capture) => capture.path)).toEqual([
			'/v1/acme_bank/entities/a/delete-all-media',
			'/v1/acme_bank/entities/ghost/delete-all-media',
		]);
		expect(result.outcomes('Delete all media', 'entityId')).toEqual([
			['a', { item: 0 }],
			['Entity ID ".." is not a valid Unit21 entity ID (item 1)', { item: 1 }],
			[
				'Entity "ghost" does not exist for org "acme_bank" in the "sandbox1" environment (HTTP 404) (item 2)',
				{ item: 2 },
			],
		]);
	});
});

describe("Unit21's answers", () => {
	test('423 (entity busy) is retried, then succeeds', async () => {
		const { captured } = captureMediaPuts([
			[423, { message: 'Object updates in progress. Please try again later.' }],
			[200, {}],
		]);
		const result = await runDelete({ entityId: 'user-1' });
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
	});

	test('not resent after a 500 or a cut connection: the outcome is unknown', async () => {
		const first = captureMediaPuts([
			[500, { message: 'Internal Server Error' }],
			[200, {}],
		]);
		const afterError = await runDelete({ entityId: 'user-1' });
		expect(first.captured).toHaveLength(1);
		expect(afterError.error?.description).toMatch(
			/^Unit21 failed after receiving the request, so it may have processed it; it was not sent again\. Check the media of Entity "user-1" in Unit21/,
		);
		nock.cleanAll();

		const second = captureMediaPuts(['reset', [200, {}]]);
		const afterCut = await runDelete({ entityId: 'user-1' });
		expect(second.captured).toHaveLength(1);
		expect(afterCut.error?.message).toMatch(
			/^The outcome is unknown: the connection to sandbox1-api\.unit21\.com failed after the request was sent/,
		);
	});

	test('resent after a cut connection when Resend When Outcome Unknown is on', async () => {
		const { captured } = captureMediaPuts(['reset', [200, {}]]);
		const result = await runDelete({ entityId: 'user-1', options: { resendWhenUnsure: true } });
		expect(result.error).toBeUndefined();
		expect(captured).toHaveLength(2);
	});

	test.each([
		[
			404,
			{ error_code: 'entity_not_found' },
			'Entity "ghost" does not exist for org "acme_bank" in the "sandbox1" environment (HTTP 404) (item 0)',
			/create the entity first \(Entity → Create or Update\)/,
		],
		[
			409,
			{ message: 'Conflict' },
			'Unit21 refused to delete the media of Entity "ghost": placeholder entities cannot be updated (HTTP 409) (item 0)',
			/Create the entity in full first/,
		],
		[
			400,
			{ error_code: 'invalid_request', message: 'Placeholder entities cannot be updated' },
			'Unit21 refused to delete the media of Entity "ghost": placeholder entities cannot be updated (HTTP 400) (item 0)',
			/Create the entity in full first/,
		],
		[
			403,
			{ message: 'Forbidden' },
			'The Unit21 API key may not delete the media of entities (HTTP 403) (item 0)',
			/write access to entities/,
		],
		[
			401,
			{ message: `bad key ${FAKE_UNIT21_CREDENTIAL}` },
			'Unit21 rejected the API key (HTTP 401) (item 0)',
			/"sandbox1" environment/,
		],
	])(
		'HTTP %i is worded, never retried, and never shows the key',
		async (status, body, message, description) => {
			const { captured } = captureMediaPuts([
				[status, body],
				[200, {}],
			]);
			const result = await runDelete({ entityId: 'ghost' });
			expect(captured).toHaveLength(1);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(description);
			expectNoSecretIn(result, [FAKE_UNIT21_CREDENTIAL]);
		},
	);
});

describe('as an AI Agent tool (unit21Tool)', () => {
	test('JSON only: no binary passes to the model', async () => {
		captureMediaPuts([[200, {}]]);
		const result = await runDelete(
			{ entityId: 'user-1' },
			[
				{
					json: { toolCallId: 'call_1' },
					binary: { data: { content: jpeg, fileName: 'front.jpg', mimeType: 'image/jpeg' } },
				},
			],
			{ type: 'unit21Tool' },
		);
		expect(result.output('Delete all media')).toEqual([
			{ json: { entityId: 'user-1', deleted: true }, pairedItem: { item: 0 } },
		]);
	});
});
