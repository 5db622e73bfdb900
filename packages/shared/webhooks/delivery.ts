/**
 * What both trigger nodes do with a delivery before (or instead of) starting an
 * execution: answer the sender directly, remember delivery IDs in the workflow's
 * static data, apply the event filter (its fields: descriptions/webhookEvents.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { MAX_JSON_DEPTH, valueNestsDeeperThan } from '../http/errors';
import { recordDelivery } from './repeatMemory';
import { acceptsEvent } from './eventFilter';

/**
 * The webhook lifecycle of a service whose webhooks are created in its own dashboard
 * only (RiskOS, Unit21): activation has nothing to register, check or remove, so each
 * step reports success and the user pastes the URL (each trigger's notice says where).
 */
export const manuallyRegisteredWebhook = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

/**
 * Answers the sender now and starts no execution: used for refused deliveries (401)
 * and for deliveries that are fine but not wanted (200, so the sender does not retry).
 */
export function answerWithoutExecution(
	context: IWebhookFunctions,
	statusCode: number,
	message: string,
): IWebhookResponseData {
	context.getResponseObject().status(statusCode).json({ message });
	return { noWebhookResponse: true };
}

/**
 * 200 now, then the execution starts with these items. Answered here rather than by
 * n8n, whose default answer for a node without a response setting is the odd body
 * "firstEntryJson" on 2.x. A delivery nested deeper than any real event is refused
 * (400) instead: n8n's copies of item data would overflow the stack on it.
 */
export function startExecution(
	context: IWebhookFunctions,
	items: INodeExecutionData[],
): IWebhookResponseData {
	if (items.some((item) => valueNestsDeeperThan(item.json, MAX_JSON_DEPTH))) {
		context.logger.warn(
			`${context.getNode().name}: refused a webhook delivery (400): JSON nested more than ${MAX_JSON_DEPTH} levels deep`,
		);
		return answerWithoutExecution(
			context,
			400,
			`Expected JSON nested at most ${MAX_JSON_DEPTH} levels deep`,
		);
	}
	context.getResponseObject().status(200).json({ message: 'Workflow was started' });
	return { noWebhookResponse: true, workflowData: [items] };
}

/** 401 and no execution; the reason goes to n8n's log (never a secret), so a misconfigured sender can be traced. */
export function refuseDelivery(context: IWebhookFunctions, reason: string): IWebhookResponseData {
	context.logger.warn(`${context.getNode().name}: refused a webhook delivery (401): ${reason}`);
	return answerWithoutExecution(context, 401, 'Unauthorized');
}

/**
 * The trigger's credential, or the 401 answer when n8n cannot read it (deleted,
 * not shared with the workflow's owner…): the delivery cannot be checked then.
 */
export async function readWebhookCredential(
	context: IWebhookFunctions,
	credentialType: string,
	credentialTitle: string,
): Promise<{ credential: ICredentialDataDecryptedObject } | { refused: IWebhookResponseData }> {
	try {
		return { credential: await context.getCredentials(credentialType) };
	} catch (error) {
		return {
			refused: refuseDelivery(
				context,
				`the ${credentialTitle} credential could not be read (${(error as Error).message})`,
			),
		};
	}
}

const STATIC_DATA_KEY = 'recentDeliveryIds';

/**
 * True when this delivery ID was already accepted (the sender retried it); otherwise
 * remembers it. Test deliveries ("Listen for test event") are never taken as repeats,
 * so the same sample can be sent again while building the workflow.
 */
export function isRepeatedDelivery(
	context: IWebhookFunctions,
	deliveryId: unknown,
	capacity: number,
): boolean {
	if ((typeof deliveryId !== 'string' && typeof deliveryId !== 'number') || deliveryId === '')
		return false;
	if (context.getMode() === 'manual') return false;
	const staticData = context.getWorkflowStaticData('node');
	const record = recordDelivery(staticData[STATIC_DATA_KEY], String(deliveryId), capacity);
	// Assigned, not mutated: n8n saves static data when it sees an assignment.
	if (!record.repeated) staticData[STATIC_DATA_KEY] = record.remembered;
	return record.repeated;
}

export function eventAccepted(context: IWebhookFunctions, eventType: string | undefined): boolean {
	const selected = context.getNodeParameter('events', []) as string[];
	const additional = context.getNodeParameter('otherEvents', '') as string;
	return acceptsEvent({ selected, additional }, eventType);
}

/**
 * 200 and no execution when the event type is not selected in the trigger (so the
 * sender does not retry it); undefined when the delivery goes on. `eventName` starts
 * the message, e.g. "Event type case_assigned".
 */
export function skipUnselectedEvent(
	context: IWebhookFunctions,
	eventType: string | undefined,
	eventName: string,
): IWebhookResponseData | undefined {
	if (eventAccepted(context, eventType)) return undefined;
	return answerWithoutExecution(
		context,
		200,
		`${eventName} is not selected in the trigger; ignored`,
	);
}
