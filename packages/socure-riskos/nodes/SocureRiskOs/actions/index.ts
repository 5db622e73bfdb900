/** Socure RiskOS's resources and their operations: what the router may run. */
import type { NodeOperations } from '@idv-documents/shared/run/router';
import * as evaluation from './evaluation';

export const SOCURE_OPERATIONS = { evaluation: evaluation.operations } satisfies NodeOperations;

export const resourceDescriptions = [...evaluation.description];
