import { Readable } from 'node:stream';

import { NodeOperationError } from 'n8n-workflow';

import {
	answerDeadlineMs,
	ERROR_BODY_BYTES,
	FILE_DEADLINE_TIMEOUTS,
	isSuccess,
	jsonBody,
	providerBody,
	readAnswer,
	redirectTarget,
	type ReadTiming,
} from '@idv-documents/shared/http/answer';
import { BodyLimitError } from '@idv-documents/shared/http/bodyLimits';
import { EXAMPLE_SECRET, fakeScope, fakeService } from '../../fixtures/serviceContext';

const LIMIT = { maxBytes: 1000, what: 'the file', option: 'Max File Size (MB)' };
const timing = (): ReadTiming & { abandoned: number } => {
	const state = {
		abandoned: 0,
		abandon: () => {
			state.abandoned++;
		},
		deadline: { at: Date.now() + 60_000, afterMs: 60_000 },
	};
	return state;
};
const stream = (...chunks: Buffer[]) => Readable.from(chunks);

describe('answerDeadlineMs', () => {
	test('a JSON answer gets one Timeout, a file FILE_DEADLINE_TIMEOUTS; 300 s when none is set', () => {
		expect(answerDeadlineMs(10_000, false)).toBe(10_000);
		expect(answerDeadlineMs(10_000, true)).toBe(10_000 * FILE_DEADLINE_TIMEOUTS);
		expect(answerDeadlineMs(undefined, false)).toBe(300_000);
	});
});

describe('readAnswer', () => {
	test('a success is read whole within its limit', async () => {
		const response = await readAnswer(
			{ statusCode: 200, headers: {}, body: stream(Buffer.alloc(600, 1), Buffer.alloc(400, 2)) },
			LIMIT,
			timing(),
		);
		expect(response.body.length).toBe(1000);
		expect(isSuccess(response)).toBe(true);
	});

	test('a success over its limit is refused, announced or counted, and the request abandoned', async () => {
		const announced = timing();
		await expect(
			readAnswer(
				{ statusCode: 200, headers: { 'content-length': '5000' }, body: stream(Buffer.alloc(10)) },
				LIMIT,
				announced,
			),
		).rejects.toMatchObject({ reason: 'tooLarge', announced: 5000 });
		const counted = timing();
		const refusal = await readAnswer(
			{ statusCode: 200, headers: {}, body: stream(Buffer.alloc(800), Buffer.alloc(800)) },
			LIMIT,
			counted,
		).catch((error: unknown) => error);
		expect(refusal).toBeInstanceOf(BodyLimitError);
		expect(counted.abandoned).toBeGreaterThan(0);
	});

	test('an error answer keeps only its first MB, whatever the success limit: the status is the news', async () => {
		const response = await readAnswer(
			{
				statusCode: 500,
				headers: {},
				body: stream(Buffer.alloc(ERROR_BODY_BYTES), Buffer.alloc(10)),
			},
			LIMIT,
			timing(),
		);
		expect(response.body.length).toBe(ERROR_BODY_BYTES);
		expect(isSuccess(response)).toBe(false);
	});

	test('a redirect is not read at all', async () => {
		const read = timing();
		const response = await readAnswer(
			{ statusCode: 302, headers: { location: '/elsewhere' }, body: stream(Buffer.alloc(10)) },
			LIMIT,
			read,
		);
		expect(response.body.length).toBe(0);
		expect(read.abandoned).toBe(1);
	});
});

describe('redirectTarget', () => {
	test("resolves the Location against the request's URL; none or nonsense is no target", () => {
		const answer = (location?: string) => ({
			statusCode: 302,
			headers: location ? { Location: location } : {},
			body: undefined,
		});
		expect(redirectTarget(answer('/b?sig=1'), 'https://a.test/x')?.href).toBe(
			'https://a.test/b?sig=1',
		);
		expect(redirectTarget(answer('https://c.test/'), 'https://a.test/x')?.host).toBe('c.test');
		expect(redirectTarget(answer(), 'https://a.test/x')).toBeUndefined();
		expect(redirectTarget(answer('http://[bad'), 'https://a.test/x')).toBeUndefined();
	});
});

describe('jsonBody and providerBody', () => {
	const answer = (body: string, statusCode = 200) => ({
		statusCode,
		headers: {},
		body: Buffer.from(body),
	});

	test('parses JSON and masks every secret in it', async () => {
		const scope = await fakeScope(fakeService([]));
		const echoed = answer(JSON.stringify({ id: 'r1', echo: `key ${EXAMPLE_SECRET}` }));
		const parsed = jsonBody<{ id: string; echo: string }>(scope, echoed);
		expect(parsed.id).toBe('r1');
		expect(parsed.echo).not.toContain(EXAMPLE_SECRET);
		expect(JSON.stringify(providerBody(scope, echoed))).not.toContain(EXAMPLE_SECRET);
	});

	test('a body that is not JSON is an error of the item, with the status and what it means', async () => {
		const scope = await fakeScope(fakeService([]));
		const failure = (() => {
			try {
				return jsonBody(scope, answer('<html>Sign in</html>', 201), {
					consequence: 'The upload probably did not arrive.',
				});
			} catch (error) {
				return error;
			}
		})() as NodeOperationError;
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure.message).toBe('The service answered with a body that is not JSON');
		expect(failure.description).toContain('HTTP 201. The upload probably did not arrive.');
		expect(failure.context.itemIndex).toBe(2);
	});

	test('an empty body is {} only when allowed', async () => {
		const scope = await fakeScope(fakeService([]));
		expect(jsonBody(scope, answer(''), { allowEmpty: true })).toEqual({});
		expect(() => jsonBody(scope, answer(''))).toThrow(NodeOperationError);
	});
});
