/**
 * The per-item loop every operation runs in: pairs each output with its input,
 * names the item in every error, and honours "continue on error" so that each
 * input item yields at least one output item. Without it, the first failure stops the
 * run (no item begins after it) and its error tells what the other items did.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapInOrder } from './concurrency';
import { describeStoppedRun, RunStop, type StoppedRun } from './stopOnFailure';

function withPairing(outputs: INodeExecutionData[], itemIndex: number): INodeExecutionData[] {
	const pairedItem: IPairedItemData = { item: itemIndex };
	return outputs.map((output) => ({ ...output, pairedItem: output.pairedItem ?? pairedItem }));
}

function itemLabel(itemIndex: number): string {
	return `item ${itemIndex}`;
}

/** Adds "(item N)" to an error's message once, keeping its class and details. */
export function nameItemInError(
	context: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const wrapped =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	const label = `(${itemLabel(itemIndex)})`;
	if (!wrapped.message.includes(label)) wrapped.message = `${wrapped.message} ${label}`;
	wrapped.context.itemIndex = itemIndex;
	return wrapped;
}

export interface RunOptions {
	/** Items worked on at once; 1 is strictly one after another. Output order is input order either way. */
	itemsAtOnce?: number;
	/** Fields an error item carries besides the error (with "continue on error"), e.g. what the item was about. */
	errorItemFields?: (itemIndex: number) => IDataObject;
	/**
	 * What a finished item did, in a few words for the error of a run that stopped
	 * (e.g. the ID of what it created), so a run started again can leave it out.
	 */
	describeDone?: DescribeDone;
	/** Masks secrets in what the error says about other items. */
	redact?: (text: string) => string;
}

/**
 * A finished item's outputs in a few words, e.g. "entity e-1: front.jpg"; undefined for
 * none. The item's parameters can be read for what its outputs do not say (an answer
 * that does not repeat the ID it was about).
 */
export type DescribeDone = (outputs: INodeExecutionData[], done: DoneItem) => string | undefined;

/** The finished item a DescribeDone describes. */
export interface DoneItem {
	context: IExecuteFunctions;
	itemIndex: number;
}

/**
 * Without "continue on error", the handler gets the run's stop: its requests ask it for
 * admission, so that items begin in input order and none after one failed (run/stopOnFailure.ts).
 */
export type ItemHandler = (
	itemIndex: number,
	stop: RunStop | undefined,
) => Promise<INodeExecutionData[]>;

type ItemOutcome = { outputs: INodeExecutionData[] } | { error: NodeApiError | NodeOperationError };

export async function runPerItem(
	context: IExecuteFunctions,
	handle: ItemHandler,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const stop = continueOnFail ? undefined : new RunStop();
	const outcomes = await mapInOrder<ItemOutcome>(
		items.length,
		Math.max(1, Math.floor(options.itemsAtOnce ?? 1)),
		async (itemIndex) =>
			await handle(itemIndex, stop).then(
				(outputs) => {
					stop?.settle(itemIndex);
					return { outputs: withPairing(outputs, itemIndex) };
				},
				(error: unknown) => {
					// At once, not when the loop sees the outcome: items waiting to send must know.
					if (!stop?.wasRefused(itemIndex)) stop?.stop(itemIndex);
					stop?.settle(itemIndex);
					return { error: nameItemInError(context, error, itemIndex) };
				},
			),
		// Without "continue on error" the first failure stops new items from starting.
		() => stop?.stoppedBy !== undefined,
	);
	if (stop?.stoppedBy !== undefined)
		throw stoppedRunError(context, outcomes, stop.stoppedBy, stop, options);
	const results: INodeExecutionData[] = [];
	const toErrorOutput = context.getNode().onError === 'continueErrorOutput';
	const redact = options.redact ?? ((text: string) => text);
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if ('outputs' in outcome) {
			// One by one: spreading an item's 200,000 outputs into push() overflows the call stack.
			for (const output of outcome.outputs) results.push(output);
			continue;
		}
		const named = outcome.error;
		const error = redact(named.message);
		const description = named.description ? redact(named.description) : undefined;
		results.push({
			json: toErrorOutput
				? errorOutputJson(error, description)
				: {
						...options.errorItemFields?.(itemIndex),
						error,
						...(description ? { errorDescription: description } : {}),
						...(named instanceof NodeApiError && named.httpCode
							? { httpCode: named.httpCode }
							: {}),
					},
			pairedItem: { item: itemIndex },
		});
	}
	return results;
}

/**
 * A failed item for "Continue (using error output)". n8n moves an item to the error
 * output when its JSON is `{error}` or `{error, message}` (n8n 1.x and 2.x alike; with
 * `details` too only since 2.36), or when the item carries an error of its own, whose
 * message then replaces the item's JSON in recent n8n (the cause, the fix and the input
 * fields lost). So the words go in those two fields: `error` what failed, `message` the
 * cause and fix. n8n adds the input item's fields, so the item says which input it was.
 */
function errorOutputJson(error: string, description: string | undefined): IDataObject {
	return description ? { error, message: description } : { error };
}

/**
 * The error of the item that stopped the run, its wording kept, telling what became of
 * the others: done (with what they did), failed too, or not started.
 */
function stoppedRunError(
	context: IExecuteFunctions,
	outcomes: Array<ItemOutcome | undefined>,
	failedItem: number,
	stop: RunStop,
	options: RunOptions,
): NodeApiError | NodeOperationError {
	const failure = outcomes[failedItem] as { error: NodeApiError | NodeOperationError };
	const run: StoppedRun = { itemCount: outcomes.length, failedItem, done: [], alsoFailed: [] };
	for (const [itemIndex, outcome] of outcomes.entries()) {
		// Holes are items never taken up; refused ones sent nothing.
		if (!outcome || itemIndex === failedItem || stop.wasRefused(itemIndex)) continue;
		if ('outputs' in outcome) {
			const summary = describeSafely(options.describeDone, outcome.outputs, { context, itemIndex });
			run.done.push({ itemIndex, summary });
		} else {
			const message = outcome.error.message.replace(` (${itemLabel(itemIndex)})`, '');
			run.alsoFailed.push({ itemIndex, message });
		}
	}
	const addition = describeStoppedRun(run);
	if (addition) {
		const said = options.redact ? options.redact(addition) : addition;
		const { description } = failure.error;
		failure.error.description = description ? `${description}\n\n${said}` : said;
	}
	return failure.error;
}

/** A summary that cannot itself fail the error it goes into. */
function describeSafely(
	describeDone: DescribeDone | undefined,
	outputs: INodeExecutionData[],
	done: DoneItem,
): string | undefined {
	try {
		return describeDone?.(outputs, done);
	} catch {
		return undefined;
	}
}
