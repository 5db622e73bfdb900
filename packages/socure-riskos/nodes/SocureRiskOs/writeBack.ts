import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { readResendWhenUnsure } from '@idv-documents/shared/descriptions/requestControl';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { readApiVersion } from './evaluations';

/** The item's request control a write-back is sent with. */
export interface WriteBackControl {
	apiVersion?: string;
	resendWhenUnsure?: boolean;
}

/**
 * Sends one item's write-back (state update, feedback, CSV import) with the API Version
 * and Resend When Unsure of its options, and outputs RiskOS's answer as the item.
 */
export async function sendAndOutput<Request extends WriteBackControl>(
	item: ItemScope,
	send: (scope: ItemScope, request: Request) => Promise<IDataObject>,
	request: Omit<Request, keyof WriteBackControl>,
	options: IDataObject,
): Promise<INodeExecutionData[]> {
	const answer = await send(item, {
		...request,
		apiVersion: readApiVersion(options),
		resendWhenUnsure: readResendWhenUnsure(options),
	} as Request);
	return [{ json: answer }];
}
