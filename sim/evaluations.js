// What Socure's GET /api/evaluation/{eval_id} returns for the simulator's fixture IDs:
// the documented fields (2025-01-01.orion) with enrichments as RiskOS nests them,
// reason codes in data_enrichments[].response.<module>.reasonCodes.
'use strict';

const crypto = require('crypto');

/** A stable UUID derived from a text, so a fixture's nested IDs never change. */
function derivedId(text) {
	const hex = crypto.createHash('sha256').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function enrichment(name, provider, request, response) {
	return {
		enrichment_name: name,
		enrichment_provider: provider,
		status_code: 200,
		request,
		response,
		error: null,
	};
}

const APPLICANT = {
	given_name: 'Jordan',
	family_name: 'Sample',
	date_of_birth: '1990-04-12',
	country: 'US',
};

function kyc(evaluationId, reasonCodes) {
	return enrichment(
		'Socure KYC',
		'Socure',
		{ modules: ['kyc'], ...APPLICANT },
		{
			referenceId: derivedId(`${evaluationId}/kyc`),
			kyc: {
				reasonCodes,
				fieldValidations: { firstName: 0.99, surName: 0.99, dob: 0.99, streetAddress: 0.98 },
			},
		},
	);
}

function fraud(evaluationId, score, reasonCodes) {
	return enrichment(
		'Socure Sigma Identity Fraud',
		'Socure',
		{ modules: ['fraud'], ...APPLICANT },
		{
			referenceId: derivedId(`${evaluationId}/fraud`),
			fraud: { reasonCodes, scores: [{ name: 'sigma', version: '4.0', score }] },
		},
	);
}

function docv(evaluationId, decision, reasonCodes, dateOfBirth = '1990-04-12') {
	return enrichment(
		'Socure DocV',
		'Socure',
		{ docv_transaction_token: derivedId(`${evaluationId}/docv-token`) },
		{
			referenceId: derivedId(`${evaluationId}/docv`),
			documentVerification: {
				reasonCodes,
				documentType: { type: 'Drivers License', country: 'USA', state: 'NY' },
				decision: { name: 'standard', value: decision },
				documentData: {
					firstName: 'Jordan',
					surName: 'Sample',
					dob: dateOfBirth,
					documentNumber: 'D1234567',
					expirationDate: '2030-04-12',
				},
			},
		},
	);
}

function evaluation(id, fields) {
	return {
		id: derivedId(`${id}/id`),
		eval_id: id,
		eval_source: 'API',
		eval_start_time: '2026-11-20T10:14:58.412Z',
		eval_end_time: '2026-11-20T10:15:42.107Z',
		workflow: 'consumer_onboarding',
		workflow_id: 'b6f1c9de-3d8e-4b8a-9a51-0c2f4d7e8a10',
		workflow_version: '4.2.0',
		eval_status: 'evaluation_completed',
		decision: 'ACCEPT',
		decision_at: '2026-11-20T10:15:42.107Z',
		score: 12,
		status: 'CLOSED',
		sub_status: 'Accept',
		tags: [],
		notes: '',
		review_queues: [],
		environment_name: 'Sandbox',
		...fields,
	};
}

/**
 * The evaluation behind a fixture ID, or undefined when the ID answers otherwise (404, 500,
 * a fault). IDs match sim/server.js's document scenarios: 1111… has documents and is
 * rejected, 2222… is a minor (R844) whose documents are gone, 3333… is a retried capture
 * under review, 6666… waits for DocV, any other UUID is accepted.
 */
function evaluationFor(id) {
	switch (id) {
		case '11111111-1111-4111-8111-111111111111':
			return evaluation(id, {
				decision: 'REJECT',
				score: 91,
				status: 'OPEN',
				sub_status: 'Pending Review',
				tags: ['docv_reject', 'high_fraud_score'],
				review_queues: ['Document Fraud'],
				data_enrichments: [
					kyc(id, ['I919', 'I914']),
					fraud(id, 0.93, ['R207', 'R561']),
					docv(id, 'reject', ['R810', 'R819', 'I831']),
				],
			});
		case '22222222-2222-4222-8222-222222222222':
			return evaluation(id, {
				decision: 'REJECT',
				score: 64,
				sub_status: 'Underage',
				tags: ['minor'],
				data_enrichments: [kyc(id, ['I919']), docv(id, 'reject', ['R844', 'I831'], '2010-09-30')],
			});
		case '33333333-3333-4333-8333-333333333333':
			return evaluation(id, {
				decision: 'REVIEW',
				score: 48,
				status: 'OPEN',
				sub_status: 'Pending Review',
				tags: ['docv_resubmitted'],
				review_queues: ['Manual Review'],
				data_enrichments: [
					kyc(id, ['I919']),
					fraud(id, 0.41, ['I553']),
					docv(id, 'review', ['I831', 'R827']),
				],
			});
		case '66666666-6666-4666-8666-666666666666':
			return evaluation(id, {
				eval_status: 'evaluation_paused',
				eval_end_time: null,
				decision: 'REVIEW',
				decision_at: null,
				score: 0,
				status: 'OPEN',
				sub_status: 'Awaiting Documents',
				data_enrichments: [
					kyc(id, ['I919']),
					enrichment(
						'Socure Document Request',
						'SocureDocRequest',
						{ config: { send_message: true } },
						{
							referenceId: derivedId(`${id}/docrequest`),
							data: {
								docvTransactionToken: derivedId(`${id}/docv-token`),
								url: 'https://verify.socure.com/#/dv/sim',
							},
						},
					),
				],
			});
		default:
			return evaluation(id, {
				data_enrichments: [
					kyc(id, ['I919', 'I914']),
					fraud(id, 0.08, ['I553']),
					docv(id, 'accept', ['I831', 'I836']),
				],
			});
	}
}

module.exports = { evaluationFor };
