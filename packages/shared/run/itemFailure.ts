/**
 * An input item the node refuses before sending anything: what is wrong with its
 * parameters or files, and in the description what to do about it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export function itemFailure(
	context: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}
