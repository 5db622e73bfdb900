import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether the node runs as an AI Agent's tool, where only JSON reaches the model (binary
 * data cannot cross to it). n8n then runs the node's derived "…Tool" type: the AI Agent v3
 * runs it in the engine, where isToolExecution() answers false; older agents run it through
 * a supply-data context, where it answers true (n8n 1.x may lack the method).
 */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool') || context.isToolExecution?.() === true;
}
