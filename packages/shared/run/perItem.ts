/**
 * The per-item loop every operation runs in: pairs each output with its input,
 * names the item in every error, and honours "continue on error" so that each
 * input item yields at least one output item.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapInOrder } from './concurrency';

export type ItemHandler = (itemIndex: number) => Promise<INodeExecutionData[]>;

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
}

type ItemOutcome = { outputs: INodeExecutionData[] } | { error: NodeApiError | NodeOperationError };

export async function runPerItem(
	context: IExecuteFunctions,
	handle: ItemHandler,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const outcomes = await mapInOrder<ItemOutcome>(
		items.length,
		Math.max(1, Math.floor(options.itemsAtOnce ?? 1)),
		async (itemIndex) =>
			await handle(itemIndex).then(
				(outputs) => ({ outputs: withPairing(outputs, itemIndex) }),
				(error: unknown) => ({ error: nameItemInError(context, error, itemIndex) }),
			),
		// Without "continue on error" the first failure stops new items from starting.
		(outcome) => 'error' in outcome && !continueOnFail,
	);
	const results: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if ('outputs' in outcome) {
			// One by one: spreading an item's 200,000 outputs into push() overflows the call stack.
			for (const output of outcome.outputs) results.push(output);
			continue;
		}
		const named = outcome.error;
		if (!continueOnFail) throw named;
		results.push({
			json: {
				...options.errorItemFields?.(itemIndex),
				error: named.message,
				...(named.description ? { errorDescription: named.description } : {}),
				...(named instanceof NodeApiError && named.httpCode ? { httpCode: named.httpCode } : {}),
			},
			pairedItem: { item: itemIndex },
		});
	}
	return results;
}
