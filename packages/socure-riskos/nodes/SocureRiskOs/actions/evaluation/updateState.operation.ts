import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { DescribeDone } from '@idv-documents/shared/run/perItem';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import {
	DEFAULT_MAX_ATTACHMENTS_MB,
	encodeAttachments,
	MAX_ATTACHMENTS_OPTION,
	maxAttachmentBytes,
	readAttachments,
} from '../../attachments';
import { updateEvaluationState } from '../../transport';
import { sendAndOutput } from '../../writeBack';
import {
	apiVersionOption,
	evaluationIdField,
	optionalText,
	readEvaluationId,
	readRequiredText,
	readWorkflow,
	workflowField,
} from './fields';

export const option = {
	name: 'Update State',
	action: "Update an evaluation's state",
	description:
		'Write a review back to RiskOS: set the decision and case status, add notes and attach files',
};

/** The statuses RiskOS takes, spelt as its state endpoint wants them (a space in ON HOLD). */
const STATUSES = ['OPEN', 'CLOSED', 'ON HOLD'] as const;

const decisionField: INodeProperties = {
	displayName: 'Decision',
	name: 'decision',
	type: 'options',
	required: true,
	default: 'REVIEW',
	description:
		'The decision to set. Decisions are customisable per workflow: for one not listed, switch to Expression and type it as the workflow spells it.',
	options: [
		{ name: 'Accept', value: 'ACCEPT' },
		{ name: 'Cancel', value: 'CANCEL' },
		{ name: 'Reject', value: 'REJECT' },
		{ name: 'Resubmit', value: 'RESUBMIT', description: 'Ask the applicant to submit again' },
		{ name: 'Review', value: 'REVIEW', description: 'Leave it for a reviewer' },
	],
};

const statusField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	required: true,
	default: 'OPEN',
	description: "The evaluation's case status",
	options: [
		{ name: 'Closed', value: 'CLOSED', description: 'The review is done' },
		{ name: 'On Hold', value: 'ON HOLD', description: 'Waiting on something, e.g. documents' },
		{ name: 'Open', value: 'OPEN', description: 'Still to be reviewed' },
	],
};

const attachmentsOption: INodeProperties = {
	displayName: 'Attachments',
	name: 'attachments',
	type: 'string',
	default: '',
	placeholder: 'documentFront, selfie',
	description:
		"Binary properties of the input item to attach to the evaluation, comma-separated; * attaches every binary property the item has. Each goes base64-encoded under its file name (cleaned like the downloads' names).",
	hint: 'After Verifik (Keep Input Image on): data attaches the image it checked',
};

const properties: INodeProperties[] = [
	evaluationIdField,
	workflowField(
		'After Get Evaluation: {{ $json.workflow }}; after the Socure RiskOS Trigger: {{ $json.data.workflow }}',
	),
	decisionField,
	statusField,
	optionsCollection([
		apiVersionOption,
		attachmentsOption,
		{
			displayName: MAX_ATTACHMENTS_OPTION,
			name: 'maxAttachmentsSizeMb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_ATTACHMENTS_MB,
			description:
				'Refuse to send attachments adding up to more than this, before anything is encoded or sent. RiskOS documents no limit; base64 makes the request a third larger than the files.',
		},
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: "Text added to the evaluation's notes, e.g. the reviewer's reasoning",
		},
		resendWhenUnsureOption,
		{
			displayName: 'Sub-Status',
			name: 'subStatus',
			type: 'string',
			default: '',
			placeholder: 'Pending Docs',
			description: 'Free text refining the status, sent as sub_status',
		},
	]),
];

export const description = operationProperties('evaluation', 'updateState', properties);

/** OPEN, CLOSED or ON HOLD from the parameter; an expression's on_hold or On Hold is taken as ON HOLD. */
function readStatus(context: IExecuteFunctions, itemIndex: number): string {
	const raw = String(context.getNodeParameter(statusField.name, itemIndex, '') ?? '');
	const status = raw
		.trim()
		.toUpperCase()
		.replace(/[_\s]+/g, ' ');
	if (!(STATUSES as readonly string[]).includes(status)) {
		throw new NodeOperationError(
			context.getNode(),
			raw.trim() ? `Status "${raw.trim()}" is not one RiskOS takes` : 'Status is empty',
			{ itemIndex, description: `Use one of: ${STATUSES.join(', ')}.` },
		);
	}
	return status;
}

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const evaluationId = readEvaluationId(this, itemIndex);
	const workflow = readWorkflow(this, itemIndex);
	const decision = readRequiredText(
		this,
		itemIndex,
		decisionField,
		'Pick a decision (ACCEPT, REJECT, REVIEW, RESUBMIT, CANCEL) or type one your workflow defines.',
	);
	const status = readStatus(this, itemIndex);
	const options = optionsOf(this, itemIndex);
	const body: IDataObject = { workflow, decision, status };
	const subStatus = optionalText(options, 'subStatus');
	if (subStatus) body.sub_status = subStatus;
	const notes = optionalText(options, 'notes');
	// The notes as typed (line breaks kept); only blank notes are left out.
	if (notes) body.notes = String(options.notes);
	const selector = optionalText(options, attachmentsOption.name);
	if (selector) {
		const files = await readAttachments(
			this,
			itemIndex,
			selector,
			maxAttachmentBytes(options.maxAttachmentsSizeMb),
		);
		if (files.length) body.attachments = encodeAttachments(files) as unknown as IDataObject[];
	}
	return await sendAndOutput(item, updateEvaluationState, { evaluationId, body }, options);
};

/**
 * An updated evaluation for the error of a stopped run: "evaluation <eval_id>:
 * REJECT/CLOSED", as RiskOS answered it, else as it was sent.
 */
export const describeDone: DescribeDone = (outputs, { context, itemIndex }) => {
	const answer = outputs[0]?.json ?? {};
	const said = (field: string) =>
		typeof answer[field] === 'string' && answer[field] ? (answer[field] as string) : undefined;
	const evaluationId = said('eval_id') ?? readEvaluationId(context, itemIndex);
	const decision =
		said('decision') ??
		String(context.getNodeParameter(decisionField.name, itemIndex, '') ?? '').trim();
	const status = said('status') ?? readStatus(context, itemIndex);
	return `evaluation ${evaluationId}: ${decision}/${status}`;
};
