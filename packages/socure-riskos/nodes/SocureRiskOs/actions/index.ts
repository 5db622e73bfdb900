/** Socure RiskOS's resources and their operations: what the router may run. */
import type { NodeOperations } from '@idv-documents/shared/run/router';
import * as evaluation from './evaluation';
import * as feedback from './feedback';

export const SOCURE_OPERATIONS = {
	evaluation: evaluation.operations,
	feedback: feedback.operations,
} satisfies NodeOperations;

/** The Resource selector's entries, in the order the Operation lists follow. */
export const RESOURCES = [
	{ name: 'Evaluation', value: 'evaluation' },
	{ name: 'Feedback', value: 'feedback' },
] satisfies Array<{ name: string; value: keyof typeof SOCURE_OPERATIONS }>;

export const resourceDescriptions = [...evaluation.description, ...feedback.description];
