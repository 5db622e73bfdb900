import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { Semaphore } from '@idv-documents/shared/run/concurrency';
import { runOperation } from '@idv-documents/shared/run/router';
import {
	DESCRIBED_ITEMS_AT_MOST,
	describeStoppedRun,
	ItemNotStarted,
	itemNumbers,
	RunStop,
} from '@idv-documents/shared/run/stopOnFailure';
import type { ServiceDefinition } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';

const tick = async () => await sleep(0);

/** The error a run ends with; a run that succeeds fails the test. */
async function failureOf(run: Promise<unknown>): Promise<NodeApiError | NodeOperationError> {
	return await run.then(
		() => {
			throw new Error('the run was expected to fail');
		},
		(error: unknown) => error as NodeApiError | NodeOperationError,
	);
}

describe('RunStop', () => {
	test('items begin in input order: a later item waits for every earlier one to begin or settle', async () => {
		const stop = new RunStop();
		const order: string[] = [];
		const item2 = stop
			.awaitTurn(2)
			.then(async () => await stop.beforeSending(2))
			.then(() => order.push('2 began'));
		const item1 = stop.awaitTurn(1).then(() => order.push('1 may queue'));
		await tick();
		expect(order).toEqual([]);
		await stop.awaitTurn(0);
		await stop.beforeSending(0);
		await item1;
		expect(order).toEqual(['1 may queue']);
		// Item 1 ends without a request (e.g. nothing to fetch): item 2 need not wait for it.
		stop.settle(1);
		await item2;
		expect(order).toEqual(['1 may queue', '2 began']);
	});

	test('after a failure no item begins; items that began send their further requests', async () => {
		const stop = new RunStop();
		await stop.awaitTurn(0);
		await stop.beforeSending(0);
		await stop.awaitTurn(1);
		const waiting = stop.awaitTurn(2).catch((error: unknown) => error);
		stop.stop(1);
		expect(stop.stoppedBy).toBe(1);
		await expect(stop.beforeSending(1)).rejects.toBeInstanceOf(ItemNotStarted);
		expect(await waiting).toBeInstanceOf(ItemNotStarted);
		await expect(stop.awaitTurn(3)).rejects.toThrow('Item 3 was not started: item 1 failed before');
		// Item 0 is in flight: its retry or next page still goes.
		await expect(stop.awaitTurn(0)).resolves.toBeUndefined();
		await expect(stop.beforeSending(0)).resolves.toBeUndefined();
		expect([0, 1, 2, 3].map((index) => stop.wasRefused(index))).toEqual([false, true, true, true]);
		// A later failure does not replace the first.
		stop.stop(0);
		expect(stop.stoppedBy).toBe(1);
	});

	test('a slot freed by a failing answer is not used to send the next item before the failure counts', async () => {
		// Concurrency 1: item 1 waits for the slot item 0's request holds. Item 0's answer
		// frees it, and only then (in promise callbacks) is found to be a failure.
		const stop = new RunStop();
		const slot = new Semaphore(1);
		const sent: number[] = [];
		const request = async (itemIndex: number) => {
			const admission = stop.admissionOf(itemIndex);
			await admission.awaitTurn();
			return await slot.run(async () => {
				await admission.beforeSending();
				sent.push(itemIndex);
				await tick();
				return { statusCode: itemIndex === 0 ? 404 : 200 };
			});
		};
		const item = async (itemIndex: number) => {
			const answer = await request(itemIndex);
			if (answer.statusCode !== 200) throw new Error('HTTP 404');
		};
		const outcomes = await Promise.all(
			[0, 1].map(
				async (itemIndex) =>
					await item(itemIndex).then(
						() => 'done',
						(error: unknown) => {
							if (!stop.wasRefused(itemIndex)) stop.stop(itemIndex);
							return error instanceof ItemNotStarted ? 'not started' : 'failed';
						},
					),
			),
		);
		expect(outcomes).toEqual(['failed', 'not started']);
		expect(sent).toEqual([0]);
	});
});

describe('itemNumbers', () => {
	test.each([
		[[4], 'item 4'],
		[[1, 3], 'items 1, 3'],
		[[7, 5, 6, 4], 'items 4 to 7'],
		[[1, 2, 4, 5, 6, 9], 'items 1, 2, 4 to 6, 9'],
	])('%j reads "%s"', (indexes, text) => {
		expect(itemNumbers(indexes)).toBe(text);
	});
});

describe('describeStoppedRun', () => {
	test('not started, done with what each did, failed too', () => {
		expect(
			describeStoppedRun({
				itemCount: 8,
				failedItem: 2,
				done: [
					{ itemIndex: 0, summary: 'check dl_0' },
					{ itemIndex: 1 },
					{ itemIndex: 3, summary: 'check\n dl_3' },
				],
				alsoFailed: [{ itemIndex: 4, message: 'Timed out' }],
			}),
		).toBe(
			'The run stopped at this failure: items 5 to 7 were not started. ' +
				'Already done before the run stopped: item 0 (check dl_0), item 1, item 3 (check dl_3). ' +
				'Leave them out when you run the node again, or they are done twice. ' +
				'Also failed: item 4 (Timed out).',
		);
	});

	test('nothing to add when the run had no other item', () => {
		expect(describeStoppedRun({ itemCount: 1, failedItem: 0, done: [], alsoFailed: [] })).toBe('');
	});

	test('one item not started', () => {
		expect(describeStoppedRun({ itemCount: 2, failedItem: 0, done: [], alsoFailed: [] })).toBe(
			'The run stopped at this failure: item 1 was not started.',
		);
	});

	test('a long summary is cut; past the limit, done items are given by number only', () => {
		const count = DESCRIBED_ITEMS_AT_MOST + 3;
		const text = describeStoppedRun({
			itemCount: count + 1,
			failedItem: count,
			done: Array.from({ length: count }, (_, itemIndex) => ({
				itemIndex,
				summary: itemIndex === 0 ? 'x'.repeat(1000) : `id ${itemIndex}`,
			})),
			alsoFailed: [],
		});
		expect(text).toContain(`item 0 (${'x'.repeat(299)}…), item 1 (id 1)`);
		expect(text).toContain(
			`item ${DESCRIBED_ITEMS_AT_MOST - 1} (id ${DESCRIBED_ITEMS_AT_MOST - 1}), and items ${DESCRIBED_ITEMS_AT_MOST} to ${count - 1} (not described here`,
		);
	});
});

describe('runOperation without "continue on error"', () => {
	const SERVICE: ServiceDefinition = {
		title: 'Example Service',
		credentialType: 'exampleApi',
		secretFields: ['apiKey'],
		environments: [{ value: 'live', name: 'Live', url: 'https://api.example.test' }],
	};
	const API_KEY = 'secret-key-1234';

	/**
	 * A run over `count` items whose request for item N answers `statusFor(N)`, after
	 * `delayMs`, and not before the items `answerAfter(N)` names have been sent.
	 */
	function fakeRun(
		count: number,
		options: {
			concurrency: number;
			continueOnFail?: boolean;
			/** The node's On Error setting; a "continue" one makes continueOnFail() true. */
			onError?: 'continueRegularOutput' | 'continueErrorOutput';
			statusFor: (itemIndex: number) => number;
			delayMs?: (itemIndex: number) => number;
			answerAfter?: (itemIndex: number) => number[];
		},
	) {
		const sent: number[] = [];
		const context = {
			getInputData: () => Array.from({ length: count }, () => ({ json: {} })),
			continueOnFail: () => options.continueOnFail === true || options.onError !== undefined,
			getNode: () => ({
				id: 'n',
				name: 'Node',
				type: 'example',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				...(options.onError ? { onError: options.onError } : {}),
			}),
			getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
				name === 'options' ? { concurrency: options.concurrency } : fallback,
			getCredentials: async () => ({ environment: 'live', apiKey: API_KEY }),
			logger: { debug: () => undefined },
			helpers: {
				httpRequestWithAuthentication: async (_type: string, request: { url: string }) => {
					const itemIndex = Number(request.url.split('/').pop());
					sent.push(itemIndex);
					await sleep(options.delayMs?.(itemIndex) ?? 0);
					const awaited = options.answerAfter?.(itemIndex) ?? [];
					while (!awaited.every((other) => sent.includes(other))) await sleep(1);
					const statusCode = options.statusFor(itemIndex);
					return { statusCode, headers: {}, body: Buffer.from(`{"id":"thing-${itemIndex}"}`) };
				},
			},
		} as unknown as IExecuteFunctions;
		return { context, sent };
	}

	/** Creates a thing per item; an answer other than 200 fails the item. */
	async function create(this: IExecuteFunctions, item: ItemScope<IExecuteFunctions>) {
		const response = await sendServiceRequest(item, {
			method: 'POST',
			path: `/things/${item.itemIndex}`,
			changes: { ifUnsure: 'Look for the thing.' },
		});
		if (response.statusCode !== 200)
			throw new NodeOperationError(this.getNode(), `HTTP ${response.statusCode}`, {
				itemIndex: item.itemIndex,
				description: 'Check the thing.',
			});
		return [{ json: JSON.parse(response.body.toString()) as IDataObject }];
	}
	const describeDone = (outputs: Array<{ json: IDataObject }>) =>
		`thing ${String(outputs[0].json.id)}`;

	test('Concurrency 1: nothing is sent after the first failure; the error says so', async () => {
		const run = fakeRun(5, { concurrency: 1, statusFor: (index) => (index === 0 ? 404 : 200) });
		const failure = await failureOf(runOperation(run.context, SERVICE, create, { describeDone }));
		expect(run.sent).toEqual([0]);
		expect(failure.message).toBe('HTTP 404 (item 0)');
		expect(failure.description).toBe(
			'Check the thing.\n\nThe run stopped at this failure: items 1 to 4 were not started.',
		);
	});

	test('Concurrency 2: the item in flight finishes and is named with what it created; items begin in input order', async () => {
		const run = fakeRun(6, {
			concurrency: 2,
			statusFor: (index) => (index === 2 ? 404 : 200),
			// Item 3 is in flight when item 2's answer says it failed.
			answerAfter: (index) => (index === 2 ? [3] : []),
			delayMs: (index) => (index === 3 ? 30 : 5),
		});
		const failure = await failureOf(runOperation(run.context, SERVICE, create, { describeDone }));
		expect(run.sent).toEqual([0, 1, 2, 3]);
		expect(failure.message).toBe('HTTP 404 (item 2)');
		expect(failure.description).toBe(
			'Check the thing.\n\nThe run stopped at this failure: items 4, 5 were not started. ' +
				'Already done before the run stopped: item 0 (thing thing-0), item 1 (thing thing-1), item 3 (thing thing-3). ' +
				'Leave them out when you run the node again, or they are done twice.',
		);
	});

	test('an item in flight that fails too is named with its cause; the first failure is the error', async () => {
		const run = fakeRun(3, {
			concurrency: 2,
			statusFor: (index) => (index === 2 ? 200 : 500 + index),
			delayMs: (index) => (index === 0 ? 30 : 0),
		});
		const failure = await failureOf(runOperation(run.context, SERVICE, create));
		expect(run.sent).toEqual([0, 1]);
		expect(failure.message).toBe('HTTP 501 (item 1)');
		expect(failure.description).toContain(
			'item 2 was not started. Also failed: item 0 (HTTP 500).',
		);
	});

	test('a failure before any request stops the run too, and what the error adds is masked', async () => {
		const run = fakeRun(3, { concurrency: 1, statusFor: () => 200 });
		const failure = await failureOf(
			runOperation(
				run.context,
				SERVICE,
				async function (item) {
					if (item.itemIndex === 1) {
						// After item 0 began: a failure stops only the items that have not.
						await sleep(20);
						throw new NodeApiError(this.getNode(), {}, { message: 'Bad' });
					}
					return await create.call(this, item);
				},
				{ describeDone: () => `sent with ${API_KEY}` },
			),
		);
		expect(run.sent).toEqual([0]);
		expect(failure.message).toBe('Bad (item 1)');
		expect(failure.description).toContain('item 0 (sent with [redacted])');
		expect(failure.description).not.toContain(API_KEY);
	});

	test('an operation without describeDone, or whose describeDone throws, lists the item alone', async () => {
		const run = fakeRun(2, { concurrency: 2, statusFor: (index) => (index === 1 ? 404 : 200) });
		const failure = await failureOf(
			runOperation(run.context, SERVICE, create, {
				describeDone: () => {
					throw new Error('no id');
				},
			}),
		);
		expect(failure.description).toContain('Already done before the run stopped: item 0. ');
	});

	test('with "continue on error" every item is sent and yields its own output, paired', async () => {
		const run = fakeRun(4, {
			concurrency: 1,
			continueOnFail: true,
			statusFor: (index) => (index === 0 ? 404 : 200),
		});
		const [output] = await runOperation(run.context, SERVICE, create, { describeDone });
		expect([...run.sent].sort()).toEqual([0, 1, 2, 3]);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output[0].json).toEqual({
			error: 'HTTP 404 (item 0)',
			errorDescription: 'Check the thing.',
		});
		expect(output.slice(1).map((item) => item.json.id)).toEqual(['thing-1', 'thing-2', 'thing-3']);
	});

	test('"Continue (using error output)": a failed item is {error, message}, the JSON n8n routes to the error output', async () => {
		const run = fakeRun(3, {
			concurrency: 1,
			onError: 'continueErrorOutput',
			statusFor: (index) => (index === 1 ? 404 : 200),
		});
		const [output] = await runOperation(run.context, SERVICE, create, { describeDone });
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(output[1]).toEqual({
			json: { error: 'HTTP 404 (item 1)', message: 'Check the thing.' },
			pairedItem: { item: 1 },
		});
		expect([output[0].json.id, output[2].json.id]).toEqual(['thing-0', 'thing-2']);
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		"%s: a secret in a failure's words is masked in its error item",
		async (onError) => {
			const run = fakeRun(2, { concurrency: 1, onError, statusFor: () => 200 });
			const [output] = await runOperation(run.context, SERVICE, async function (item) {
				await create.call(this, item);
				throw new NodeOperationError(this.getNode(), `Refused key ${API_KEY}`, {
					description: `Do not send ${API_KEY.toUpperCase()} again.`,
				});
			});
			expect(JSON.stringify(output)).not.toMatch(new RegExp(API_KEY, 'i'));
			expect(output[1].json.error).toBe('Refused key [redacted] (item 1)');
			expect(
				output[1].json[onError === 'continueErrorOutput' ? 'message' : 'errorDescription'],
			).toBe('Do not send [redacted] again.');
		},
	);
});
