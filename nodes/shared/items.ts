/**
 * The per-item loop every operation runs in: pairs each output with its input,
 * names the item in every error, and honours "continue on error" so that each
 * input item yields at least one output item.
 */
import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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
	context: IExecuteFunctions,
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

export async function runPerItem(
	context: IExecuteFunctions,
	handle: ItemHandler,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			results.push(...withPairing(await handle(itemIndex), itemIndex));
		} catch (error) {
			const named = nameItemInError(context, error, itemIndex);
			if (!context.continueOnFail()) throw named;
			results.push({
				json: {
					error: named.message,
					...(named.description ? { errorDescription: named.description } : {}),
					...(named instanceof NodeApiError && named.httpCode ? { httpCode: named.httpCode } : {}),
				},
				pairedItem: { item: itemIndex },
			});
		}
	}
	return results;
}
