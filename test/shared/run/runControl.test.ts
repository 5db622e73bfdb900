import { requestControlOptions } from '@idv-documents/shared/descriptions/requestControl';
import {
	OPTIONS_COLLECTION,
	optionsOf,
	retryPolicyFrom,
	runControlFrom,
} from '@idv-documents/shared/run/runControl';
import { DEFAULT_RETRY_POLICY } from '@idv-documents/shared/http/retry';

test('run control defaults match what the options show', () => {
	const shown = Object.fromEntries(
		requestControlOptions.map((option) => [option.name, option.default]),
	);
	expect(runControlFrom({})).toEqual({
		requestsInFlight: shown.concurrency,
		itemsAtOnce: Number(shown.concurrency) * 2,
		requestsPerSecond: shown.requestsPerSecond,
		timeoutMs: Number(shown.timeoutSeconds) * 1000,
	});
	expect(retryPolicyFrom(undefined).maxRetries).toBe(shown.maxRetries);
});

test('values outside the bounds are clamped, nonsense falls back to the defaults', () => {
	expect(
		runControlFrom({ concurrency: 500, requestsPerSecond: -1, timeoutSeconds: 99_999 }),
	).toEqual({ requestsInFlight: 20, itemsAtOnce: 40, requestsPerSecond: 0, timeoutMs: 3_600_000 });
	expect(runControlFrom({ concurrency: 0.5, requestsPerSecond: 2.5, timeoutSeconds: 0.5 })).toEqual(
		{ requestsInFlight: 1, itemsAtOnce: 2, requestsPerSecond: 2.5, timeoutMs: 500 },
	);
	expect(runControlFrom({ concurrency: 'many', timeoutSeconds: 'soon' })).toEqual({
		requestsInFlight: 4,
		itemsAtOnce: 8,
		requestsPerSecond: 0,
		timeoutMs: 300_000,
	});
	expect(retryPolicyFrom(99)).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 10 });
	expect(retryPolicyFrom(-2).maxRetries).toBe(0);
});

test("optionsOf reads an item's Options collection, empty when unset", () => {
	const asked: unknown[][] = [];
	const context = {
		getNodeParameter: (...args: unknown[]) => {
			asked.push(args);
			return args[1] === 0 ? { maxRetries: 1 } : args[2];
		},
	} as unknown as Parameters<typeof optionsOf>[0];
	expect(optionsOf(context, 0)).toEqual({ maxRetries: 1 });
	expect(optionsOf(context, 1)).toEqual({});
	expect(asked.map(([name]) => name)).toEqual([OPTIONS_COLLECTION, OPTIONS_COLLECTION]);
});
