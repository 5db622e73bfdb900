import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	answerWithoutExecution,
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
	webhookTriggerShape,
} from '@idv-documents/shared/descriptions/webhookTrigger';
import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { readPositive, type NumberOption } from '@idv-documents/shared/run/options';
import { verifySignature } from '@idv-documents/shared/webhooks/signature';
import { entityIdsOf, UNIT21_EVENTS, unit21EventType } from './deliveries';

/** How old a signed delivery may be; the UI bounds it, the code only refuses nonsense. */
const MAX_DELIVERY_AGE_SECONDS = {
	name: 'maxAgeSeconds',
	default: 300,
	min: 1,
	max: 86400,
} as const satisfies NumberOption;

const REFUSAL_REASON = {
	notConfigured: 'the Unit21 Webhook API credential has no secret key',
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
						"Refuse deliveries signed longer ago (or further ahead) than this, so a captured delivery cannot be replayed later. Raise it only if n8n's clock drifts.",
				},
			]),
		],
	};

	webhookMethods = {
		default: manuallyRegisteredWebhook,
	};

	methods = {
		credentialTest: {
			async unit21WebhookSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secretKey = String(credential.data?.secretKey ?? '');
				if (!secretKey.trim())
					return { status: 'Error', message: "Enter the webhook's secret key from Unit21" };
				if (secretKey !== secretKey.trim()) {
					return {
						status: 'Error',
						message: 'The secret key starts or ends with a space: paste it again without it',
					};
				}
				return {
					status: 'OK',
					message:
						"Saved. Unit21 calls n8n, not the reverse: each delivery's signature is checked with this key.",
				};
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const read = await readWebhookCredential(this, 'unit21WebhookApi', 'Unit21 Webhook API');
		if ('refused' in read) return read.refused;
		const secret = String(read.credential.secretKey ?? '');
		const options = this.getNodeParameter('options', {}) as IDataObject;
		// The signature covers the bytes as sent: re-serialised JSON would not match.
		const rawBody = this.getRequestObject().rawBody as Buffer | undefined;
		const verdict = verifySignature({
			header: this.getHeaderData()['unit21-signature'],
			rawBody: Buffer.isBuffer(rawBody) ? rawBody : undefined,
			secret,
			nowSeconds: Math.floor(Date.now() / 1000),
			toleranceSeconds: readPositive(options, MAX_DELIVERY_AGE_SECONDS),
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
