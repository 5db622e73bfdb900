import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	answerWithoutExecution,
	isRepeatedDelivery,
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
import {
	DEFAULT_REMEMBERED_DELIVERIES,
	MAX_REMEMBERED_DELIVERIES,
} from '@idv-documents/shared/webhooks/repeatMemory';
import { verifyAuthorization } from '@idv-documents/shared/webhooks/authorization';
import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { readWholeNumber, type NumberOption } from '@idv-documents/shared/run/options';
import { runOperation } from '@idv-documents/shared/run/router';
import { REQUEST_CONTROL } from '@idv-documents/shared/run/runControl';
import { expectedAuthorization, RISKOS_EVENTS } from './deliveries';
import { downloadDocuments, downloadLimitOptions } from './documents';
import { checkEvaluationId } from './evaluations';
import { requestControlOptions } from '@idv-documents/shared/descriptions/requestControl';
import { SOCURE_RISKOS } from './service';

/**
 * The download's limits, Max Retries and Timeout, shown once Download Documents is on.
 * Concurrency and pacing are left out: an execution holds one delivery, so one download.
 */
const downloadOptions: INodeProperties[] = [
	...downloadLimitOptions,
	...requestControlOptions.filter(
		(option) =>
			option.name === REQUEST_CONTROL.maxRetries || option.name === REQUEST_CONTROL.timeoutSeconds,
	),
].map((option) => ({ ...option, displayOptions: { show: { '/downloadDocuments': [true] } } }));

const REMEMBERED_DELIVERIES = {
	name: 'rememberedDeliveries',
	default: DEFAULT_REMEMBERED_DELIVERIES,
	min: 1,
	max: MAX_REMEMBERED_DELIVERIES,
} as const satisfies NumberOption;

const REFUSAL_REASON = {
	notConfigured:
		'the Socure RiskOS Webhook API credential has an empty token, username or password',
	missing: 'the delivery has no Authorization header',
	wrongScheme: "the Authorization header uses another scheme than the credential's Auth Type",
	mismatch: 'the Authorization header does not match the credential',
} as const;

export class SocureRiskOsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Socure RiskOS Trigger',
		name: 'socureRiskOsTrigger',
		icon: { light: 'file:../../icons/socure.svg', dark: 'file:../../icons/socure.dark.svg' },
		...webhookTriggerShape,
		subtitle:
			'={{ $parameter["downloadDocuments"] ? "events and their documents" : "RiskOS events" }}',
		description:
			'Starts the workflow when RiskOS sends a webhook event, such as a completed evaluation',
		defaults: { name: 'Socure RiskOS Trigger' },
		credentials: [
			{ name: 'socureRiskOsWebhookApi', required: true, testedBy: 'socureRiskOsWebhookSecret' },
			{
				name: 'socureRiskOsApi',
				required: true,
				displayOptions: { show: { downloadDocuments: [true] } },
			},
		],
		properties: [
			setupNotice(
				'RiskOS has no API for webhooks: copy the Production URL above into RiskOS → Developer Workbench → Webhooks → + New Webhook → URL, with the same Auth Type and secret as the credential, then publish (activate) this workflow. While "Listen for test event" runs, use the Test URL and RiskOS\'s "Continue to Test".',
			),
			...eventFilterProperties(RISKOS_EVENTS, 'watchlist_match_found, case_assigned'),
			{
				displayName: 'Download Documents',
				name: 'downloadDocuments',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the documents of evaluation events (those whose data has an eval_id) with the Socure RiskOS API credential, and output one item per file as Socure RiskOS → Download Documents does, with the event under "event". Other events pass through unchanged. RiskOS is answered first; the download runs in the execution, with the limits, Timeout and retries set in Options.',
			},
			triggerOptions([
				...downloadOptions,
				{
					displayName: 'Ignore Repeated Deliveries',
					name: 'ignoreRepeats',
					type: 'boolean',
					default: true,
					description:
						'Whether a delivery whose event_id was already accepted is answered 200 without starting the workflow again. RiskOS may deliver an event more than once; Socure advises using event_id for idempotency.',
				},
				{
					displayName: 'Remembered Deliveries',
					...numberOptionFields(REMEMBERED_DELIVERIES),
					description:
						'How many recent event IDs the workflow remembers (in its static data) to spot repeats',
				},
			]),
		],
	};

	webhookMethods = {
		default: manuallyRegisteredWebhook,
	};

	methods = {
		credentialTest: {
			socureRiskOsWebhookSecret: webhookSecretTest(
				(data) => {
					const verdict = verifyAuthorization(undefined, expectedAuthorization(data));
					return !(verdict.ok === false && verdict.reason === 'notConfigured');
				},
				'Enter the token, or the username and password, that RiskOS sends',
				'Saved. RiskOS calls n8n, not the reverse: each delivery is checked against this secret.',
			),
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const read = await readWebhookCredential(
			this,
			'socureRiskOsWebhookApi',
			'Socure RiskOS Webhook API',
		);
		if ('refused' in read) return read.refused;
		const verdict = verifyAuthorization(
			this.getHeaderData().authorization,
			expectedAuthorization(read.credential),
		);
		if (!verdict.ok) return refuseDelivery(this, REFUSAL_REASON[verdict.reason]);

		const body = this.getBodyData();
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return answerWithoutExecution(
				this,
				400,
				'Expected a JSON object with event_id, event_type and data',
			);
		}
		const eventType = typeof body.event_type === 'string' ? body.event_type : undefined;
		const skipped = skipUnselectedEvent(this, eventType, `Event type ${eventType ?? '(none)'}`);
		if (skipped) return skipped;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.ignoreRepeats !== false) {
			const capacity = readWholeNumber(options, REMEMBERED_DELIVERIES);
			if (isRepeatedDelivery(this, body.event_id, capacity)) {
				return answerWithoutExecution(
					this,
					200,
					`Event ${String(body.event_id)} was already received; ignored`,
				);
			}
		}
		// The body only: headers carry the delivery's secret and never become item data.
		return startExecution(this, [{ json: body }]);
	}

	/**
	 * Runs in the execution, after RiskOS has been answered: with Download Documents on,
	 * evaluation events become one item per file; everything else passes through.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const events = this.getInputData();
		if (!this.getNodeParameter('downloadDocuments', 0, false)) return [events];
		// With "continue on error", a failed download's item still says which event it was.
		const errorItemFields = (itemIndex: number) => ({ event: events[itemIndex].json });
		return await runOperation(
			this,
			SOCURE_RISKOS,
			async function (item) {
				const event = events[item.itemIndex].json;
				const data = event.data as IDataObject | undefined;
				if (data?.eval_id === undefined || data.eval_id === null)
					return [{ json: event, pairedItem: { item: item.itemIndex } }];
				const files = await downloadDocuments(item, {
					evaluationId: checkEvaluationId(this, data.eval_id, item.itemIndex),
					output: 'filePerItem',
					binaryPropertyName: 'data',
					options: this.getNodeParameter('options', item.itemIndex, {}) as IDataObject,
				});
				return files.map((file) => ({ ...file, json: { ...file.json, event } }));
			},
			{ errorItemFields },
		);
	}
}
