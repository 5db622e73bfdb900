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
import {
	deliveryKey,
	MAX_REMEMBERED_DELIVERIES,
	mergeRemembered,
	recordDelivery,
} from './repeatMemory';
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
const SIGNATURE_DATA_KEY = 'recentSignatures';

/**
 * What this n8n process accepted lately, per workflow, trigger node and memory. n8n reads
 * a workflow's static data from its database when a delivery arrives and writes it back
 * whole once the trigger has answered, so two deliveries arriving together start from the
 * same stored list and the later write drops what the earlier one added. The lookup here
 * runs without a pause between reading and writing, so deliveries in flight together see
 * each other; and every write stores both lists, putting back what such a write dropped.
 * What it cannot cover: deliveries handled at the same moment by different n8n processes
 * (queue mode with several webhook processes), where one ID can still be dropped from the
 * stored list and a later retry of that event runs again.
 */
const recentlyAccepted = new Map<string, string[]>();
/** Enough for the deliveries in flight at once; the full memory is the static data's. */
const RECENT_PER_MEMORY = 256;
/** Workflows and nodes since removed must not keep memory forever. */
const MAX_RECENT_MEMORIES = 1000;

function sameKeys(stored: unknown, keys: string[]): boolean {
	return (
		Array.isArray(stored) &&
		stored.length === keys.length &&
		stored.every((entry, index) => entry === keys[index])
	);
}

/** True when `key` was already accepted; otherwise remembers it in static data and in this process. */
function rememberOnce(
	context: IWebhookFunctions,
	slot: string,
	key: string,
	capacity: number,
	keep?: (entry: string) => boolean,
): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const memoryId = JSON.stringify([context.getWorkflow().id ?? '', context.getNode().name, slot]);
	const stored = staticData[slot];
	const record = recordDelivery(
		mergeRemembered(stored, recentlyAccepted.get(memoryId)),
		key,
		capacity,
		keep,
	);
	recentlyAccepted.delete(memoryId);
	recentlyAccepted.set(memoryId, record.remembered.slice(-RECENT_PER_MEMORY));
	if (recentlyAccepted.size > MAX_RECENT_MEMORIES)
		recentlyAccepted.delete(recentlyAccepted.keys().next().value as string);
	// Assigned, not mutated in place: n8n saves static data when it sees an assignment.
	if (!sameKeys(stored, record.remembered)) staticData[slot] = record.remembered;
	return record.repeated;
}

/**
 * True when this delivery ID was already accepted (the sender retried it); otherwise
 * remembers it. Test deliveries ("Listen for test event") are never taken as repeats,
 * so the same sample can be sent again while building the workflow. A string ID and a
 * number ID with the same digits are different deliveries.
 */
export function isRepeatedDelivery(
	context: IWebhookFunctions,
	deliveryId: unknown,
	capacity: number,
): boolean {
	if ((typeof deliveryId !== 'string' && typeof deliveryId !== 'number') || deliveryId === '')
		return false;
	if (context.getMode() === 'manual') return false;
	return rememberOnce(context, STATIC_DATA_KEY, deliveryKey(deliveryId), capacity);
}

export interface AcceptedSignature {
	/** The signing time the signature covers, in Unix seconds. */
	timestamp: number;
	/** The signature (hex) that matched: one per signing time and body. */
	signature: string;
	nowSeconds: number;
	/** The window the signature was checked against, in seconds either way. */
	toleranceSeconds: number;
}

/**
 * True when this signed delivery (same signing time and body) was already accepted: a
 * replay within its window. Each is remembered until its signature goes stale, when
 * the signature check refuses a replay by itself; at most MAX_REMEMBERED_DELIVERIES are
 * kept. Applies to test deliveries too: a replay proves nothing about its sender.
 */
export function isReplayedSignature(
	context: IWebhookFunctions,
	accepted: AcceptedSignature,
): boolean {
	const stillFresh = (entry: string) => {
		const dot = entry.indexOf('.');
		const timestamp = dot > 0 ? Number(entry.slice(0, dot)) : Number.NaN;
		return (
			Number.isFinite(timestamp) && accepted.nowSeconds - timestamp <= accepted.toleranceSeconds
		);
	};
	// 128 bits of the HMAC tell deliveries apart; the whole one would only lengthen static data.
	const key = `${accepted.timestamp}.${accepted.signature.slice(0, 32)}`;
	return rememberOnce(context, SIGNATURE_DATA_KEY, key, MAX_REMEMBERED_DELIVERIES, stillFresh);
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
