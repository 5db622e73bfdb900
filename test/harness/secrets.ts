import type { WorkflowResult } from './engine';

/** Fails the test if any secret shows in what the run left: its items, the error, its message or description. */
export function expectNoSecretIn(result: WorkflowResult, secrets: readonly string[]): void {
	const seen = JSON.stringify({
		runData: result.run.data.resultData.runData,
		error: result.error,
		message: result.error?.message,
		description: result.error?.description,
	});
	for (const secret of secrets) expect(seen).not.toContain(secret);
}
