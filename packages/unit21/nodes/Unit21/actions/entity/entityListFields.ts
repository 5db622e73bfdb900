/**
 * The list parameters of Create or Update: documents and risk scores, each a row per
 * entry (a fixedCollection with multiple values); checked in ../../entities.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

/** Identity documents, one row each, sent as document_data. */
export const documentsField: INodeProperties = {
	displayName: 'Documents',
	name: 'documents',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Document',
	default: {},
	description: 'Identity documents, sent as document_data (at most 1,000 per entity)',
	options: [
		{
			displayName: 'Document',
			name: 'document',
			values: [
				{
					displayName: 'Country',
					name: 'country',
					type: 'string',
					default: '',
					placeholder: 'US',
				},
				{
					displayName: 'Document ID',
					name: 'documentId',
					type: 'string',
					default: '',
					placeholder: 'G3352403F',
					description: 'The number of the document',
				},
				{
					displayName: 'Document Type',
					name: 'documentType',
					type: 'string',
					default: '',
					placeholder: 'drivers_license',
					description: 'E.g. drivers_license, passport, id_card.',
				},
				{
					displayName: 'Expires At',
					name: 'expiresAt',
					type: 'dateTime',
					default: '',
					description:
						'A date, a date and time (UTC when it has no zone) or epoch seconds; sent as epoch seconds',
				},
				{
					displayName: 'Issued At',
					name: 'issuedAt',
					type: 'dateTime',
					default: '',
					description:
						'A date, a date and time (UTC when it has no zone) or epoch seconds; sent as epoch seconds',
				},
				{
					displayName: 'State',
					name: 'state',
					type: 'string',
					default: '',
					placeholder: 'CA',
				},
			],
		},
	],
};

/** Third-party risk scores, one row each, sent as risk_scores. */
export const riskScoresField: INodeProperties = {
	displayName: 'Risk Scores',
	name: 'riskScores',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Risk Score',
	default: {},
	description: 'Third-party risk scores, sent as risk_scores',
	hint: 'After Socure RiskOS (get an evaluation): Name socure_riskos_score, Score {{ $json.score }}',
	options: [
		{
			displayName: 'Risk Score',
			name: 'riskScore',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'socure_riskos_score',
				},
				{
					displayName: 'Score',
					name: 'score',
					type: 'number',
					default: 0,
					description: 'A whole number; for 0.93 send 93 with Denominator 100',
				},
				{
					displayName: 'Denominator',
					name: 'denominator',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						'What the score is out of, e.g. 100; 0 sends none (Unit21 then uses 10 to the power of the score’s digits)',
				},
			],
		},
	],
};
