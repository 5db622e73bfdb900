/** Socure RiskOS's resources and their operations: what the router may run. */
import type { NodeMap, NodeOperations } from '@idv-documents/shared/run/router';
import * as evaluation from './evaluation';

export const SOCURE_OPERATIONS = { evaluation: evaluation.operations } satisfies NodeOperations;

export type SocureRiskOsMap = NodeMap<typeof SOCURE_OPERATIONS>;

export const resourceDescriptions = [...evaluation.description];
