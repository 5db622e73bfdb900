/**
 * What a RiskOS webhook delivery is: the event types Socure names, and the Authorization
 * header the credential says each delivery carries.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ExpectedAuthorization } from '@idv-documents/shared/webhooks/authorization';

/** Event types named on Socure's pages; which ones an account gets depends on its entitlements. */
export const RISKOS_EVENTS = [
	['evaluation_completed', 'An evaluation reached a final decision; data is the evaluation'],
	[
		'evaluation_paused',
		'An evaluation waits for a step such as Document Verification; data is the evaluation',
	],
	['evaluation_resumed', 'A paused evaluation continued'],
	['reevaluation', 'An evaluation was run again'],
	['decision_update', 'A decision changed'],
	['case_status_updated', "A case's status changed"],
	['case_status_changed', "A case's status changed (name used on some Socure pages)"],
	['case_decision_changed', "A case's decision changed"],
	['case_assigned', 'A case was assigned'],
	['case_notes_added', 'Notes were added to a case'],
	['case_attachment_added', 'An attachment was added to a case'],
	['watchlist_match_found', 'Watchlist monitoring found a match'],
	['workflow_execution_failed', 'A workflow run failed'],
].map(([value, description]) => ({ name: value, value, description }));

export function expectedAuthorization(credential: IDataObject): ExpectedAuthorization {
	// Spaces and line breaks pasted around a value are not part of it (a header can't carry
	// them around a token anyway); the credential Test reads it the same way.
	const field = (name: string) => String(credential[name] ?? '').trim();
	return credential.authType === 'basic'
		? { type: 'basic', username: field('username'), password: field('password') }
		: { type: 'bearer', token: field('token') };
}
