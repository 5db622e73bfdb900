import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { DescribeDone } from '@idv-documents/shared/run/perItem';
import { itemFailure } from '@idv-documents/shared/run/itemFailure';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { recordedDate, tagList } from '../../feedback';
import { submitFeedback } from '../../transport';
import { sendAndOutput } from '../../writeBack';
import {
	apiVersionOption,
	optionalText,
	readRequiredText,
	readWorkflow,
	workflowField,
} from '../evaluation/fields';

export const option = {
	name: 'Submit',
	action: 'Submit fraud feedback',
	description: 'Tell RiskOS whether an evaluated request turned out to be fraud',
};

const FRAUD_LABELS = ['fraud', 'non-fraud'];

const requestIdField: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'APP-2026-000123',
	description:
		'The customer-side ID your system sent with the original evaluation request, not the eval_id RiskOS assigned',
	hint: 'Not the eval_id: the customer-side ID of the original request. After Get Evaluation: {{ $json.id }}',
};

const fraudLabelField: INodeProperties = {
	displayName: 'Fraud Label',
	name: 'fraudLabel',
	type: 'options',
	required: true,
	default: 'fraud',
	description: 'Whether the request turned out to be fraud, sent as fraud_label',
	options: [
		{ name: 'Fraud', value: 'fraud' },
		{ name: 'Non-Fraud', value: 'non-fraud' },
	],
};

const properties: INodeProperties[] = [
	requestIdField,
	workflowField('After Get Evaluation: {{ $json.workflow }}'),
	fraudLabelField,
	optionsCollection([
		apiVersionOption,
		{
			displayName: 'Fraud Type',
			name: 'fraudType',
			type: 'string',
			default: '',
			placeholder: 'identity_theft',
			description: 'What kind of fraud it was, sent as fraud_type',
		},
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'Free text kept with the feedback',
		},
		{
			displayName: 'Recorded At',
			name: 'recordedAt',
			type: 'dateTime',
			default: '',
			description:
				'The day the outcome was recorded, sent as recorded_at (YYYY-MM-DD); a date-time is sent as its date, as written',
		},
		{
			displayName: 'Recorded By',
			name: 'recordedBy',
			type: 'string',
			default: '',
			placeholder: 'analyst@example.com',
			description: 'Who recorded the outcome, sent as recorded_by',
		},
		resendWhenUnsureOption,
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'chargeback, account_takeover',
			description: 'Comma-separated tags, sent as a list',
		},
	]),
];

export const description = operationProperties('feedback', 'submit', properties);

/** The feedback body as RiskOS documents it, from the item's parameters. */
function feedbackBody(
	context: IExecuteFunctions,
	itemIndex: number,
	requestId: string,
	options: IDataObject,
): IDataObject {
	const workflow = readWorkflow(context, itemIndex);
	const fraudLabel = String(context.getNodeParameter(fraudLabelField.name, itemIndex, '') ?? '')
		.trim()
		.toLowerCase();
	if (!FRAUD_LABELS.includes(fraudLabel)) {
		throw itemFailure(
			context,
			itemIndex,
			fraudLabel ? `Fraud Label "${fraudLabel}" is not one RiskOS takes` : 'Fraud Label is empty',
			`Use ${FRAUD_LABELS.join(' or ')}.`,
		);
	}
	const body: IDataObject = { id: requestId, workflow, fraud_label: fraudLabel };
	const fraudType = optionalText(options, 'fraudType');
	if (fraudType) body.fraud_type = fraudType;
	if (optionalText(options, 'notes')) body.notes = String(options.notes);
	const recordedAtText = optionalText(options, 'recordedAt');
	if (recordedAtText || options.recordedAt instanceof Date) {
		const recordedAt = recordedDate(options.recordedAt);
		if (!recordedAt) {
			throw itemFailure(
				context,
				itemIndex,
				`Recorded At "${String(options.recordedAt)}" is not a date`,
				'Enter a date as YYYY-MM-DD (e.g. 2026-11-22) or pick one; an ISO date-time such as {{ $now }} is sent as its date.',
			);
		}
		body.recorded_at = recordedAt;
	}
	const recordedBy = optionalText(options, 'recordedBy');
	if (recordedBy) body.recorded_by = recordedBy;
	const tags = tagList(options.tags);
	if (tags.length) body.tags = tags;
	return body;
}

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const requestId = readRequiredText(
		this,
		itemIndex,
		requestIdField,
		'Enter the ID your system sent as "id" when it created the evaluation (after Get Evaluation: {{ $json.id }}), not the eval_id.',
	);
	const options = optionsOf(this, itemIndex);
	return await sendAndOutput(
		item,
		submitFeedback,
		{ requestId, body: feedbackBody(this, itemIndex, requestId, options) },
		options,
	);
};

/**
 * Submitted feedback for the error of a stopped run: "feedback for <request ID>: fraud".
 * RiskOS answers with a sentence only, so the request ID and label are the ones sent.
 */
export const describeDone: DescribeDone = (_outputs, { context, itemIndex }) => {
	const sent = (field: Pick<INodeProperties, 'name'>) =>
		String(context.getNodeParameter(field.name, itemIndex, '') ?? '').trim();
	return `feedback for ${sent(requestIdField)}: ${sent(fraudLabelField).toLowerCase()}`;
};
