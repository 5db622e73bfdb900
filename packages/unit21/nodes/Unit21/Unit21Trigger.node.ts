import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	answerWithoutExecution,
	isReplayedSignature,
	manuallyRegisteredWebhook,
	readWebhookCredential,
	refuseDelivery,
	skipUnselectedEvent,
	startExecution,
} from '@idv-documents/shared/webhooks/delivery';
import { eventFilterProperties } from '@idv-documents/shared/descriptions/webhookEventFilter';
import {
	setupNotice,
	triggerOptions,
	webhookSecretTest,
	webhookTriggerShape,
} from '@idv-documents/shared/descriptions/webhookTrigger';
import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { readWholeNumber, type NumberOption } from '@idv-documents/shared/run/options';
import { verifySignature } from '@idv-documents/shared/webhooks/signature';
import { entityIdsOf, UNIT21_EVENTS, unit21EventType } from './deliveries';

/**
 * How old a signed delivery may be, from 1 s to 1 day, also from an expression: a wider
 * window would let a captured delivery be replayed for longer.
 */
const MAX_DELIVERY_AGE_SECONDS = {
	name: 'maxAgeSeconds',
	default: 300,
	min: 1,
	max: 86400,
} as const satisfies NumberOption;

/** The secret key as Unit21 shows it: a line break or spaces pasted around it are not part of it. */
function secretKeyOf(credential: IDataObject | undefined): string {
	return String(credential?.secretKey ?? '').trim();
}

const REFUSAL_REASON = {
	notConfigured:
		"the Unit21 Webhook API credential's secret key is empty or only spaces: paste the webhook's secret key from Unit21 → System → Webhooks",
	missing: 'the delivery has no unit21-signature header or no body',
	malformed: 'the unit21-signature header is not of the form t=<seconds>,s0=<hex>',
	stale:
		"the signature's timestamp is outside the accepted window (a replay, or n8n's clock is off)",
	mismatch: "the signature does not match the body and the credential's secret key",
} as const;

export class Unit21Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Unit21 Trigger',
		name: 'unit21Trigger',
		icon: { light: 'file:../../icons/unit21.svg', dark: 'file:../../icons/unit21.dark.svg' },
		...webhookTriggerShape,
		subtitle:
			'={{ ($parameter["events"] || []).length ? $parameter["events"].join(", ") : "all events" }}',
		description:
			'Starts the workflow when Unit21 sends a signed webhook, such as a new alert or case',
		defaults: { name: 'Unit21 Trigger' },
		credentials: [{ name: 'unit21WebhookApi', required: true, testedBy: 'unit21WebhookSecret' }],
		properties: [
			setupNotice(
				"Unit21 webhooks are created in its UI: copy the Production URL above into Unit21 → System → Webhooks → Create a Webhook → Endpoint URL, pick the events, copy the webhook's secret key into the credential, then publish (activate) this workflow.",
			),
			...eventFilterProperties(UNIT21_EVENTS, 'RULE_CREATED'),
			triggerOptions([
				{
					displayName: 'Max Delivery Age (Seconds)',
					...numberOptionFields(MAX_DELIVERY_AGE_SECONDS),
					description:
						"Refuse deliveries signed longer ago (or further ahead) than this; a delivery accepted within it is remembered, so a replay is ignored. Raise it only if n8n's clock drifts (at most 86,400, one day, even from an expression).",
				},
			]),
		],
	};

	webhookMethods = {
		default: manuallyRegisteredWebhook,
	};

	methods = {
		credentialTest: {
			// The same reading as each delivery's check, so the Test and the deliveries agree.
			unit21WebhookSecret: webhookSecretTest(
				(data) => secretKeyOf(data) !== '',
				"Enter the webhook's secret key from Unit21",
				"Saved. Unit21 calls n8n, not the reverse: each delivery's signature is checked with this key.",
			),
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const read = await readWebhookCredential(this, 'unit21WebhookApi', 'Unit21 Webhook API');
		if ('refused' in read) return read.refused;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const toleranceSeconds = readWholeNumber(options, MAX_DELIVERY_AGE_SECONDS);
		const nowSeconds = Math.floor(Date.now() / 1000);
		// The signature covers the bytes as sent: re-serialised JSON would not match.
		const rawBody = this.getRequestObject().rawBody as Buffer | undefined;
		const verdict = verifySignature({
			header: this.getHeaderData()['unit21-signature'],
			rawBody: Buffer.isBuffer(rawBody) ? rawBody : undefined,
			secret: secretKeyOf(read.credential),
			nowSeconds,
			toleranceSeconds,
		});
		if (!verdict.ok) return refuseDelivery(this, REFUSAL_REASON[verdict.reason]);

		let body: unknown;
		try {
			body = JSON.parse((rawBody as Buffer).toString('utf8'));
		} catch {
			body = undefined;
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return answerWithoutExecution(this, 400, 'Expected a JSON object');
		}
		const delivery = body as IDataObject;
		const eventType = unit21EventType(delivery);
		const skipped = skipUnselectedEvent(this, eventType, `Event ${eventType ?? '(unknown)'}`);
		if (skipped) return skipped;
		// 200, not an error: Unit21 retries only what failed, and this one was already worked.
		if (
			isReplayedSignature(this, {
				timestamp: verdict.timestamp,
				signature: verdict.signature,
				nowSeconds,
				toleranceSeconds,
			})
		) {
			return answerWithoutExecution(
				this,
				200,
				'This signed delivery was already received; ignored',
			);
		}
		return startExecution(this, [
			{
				json: {
					...delivery,
					...(eventType ? { eventType } : {}),
					entityIds: entityIdsOf(delivery),
				},
			},
		]);
	}
}
