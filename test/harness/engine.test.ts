/** The harness runs a node at the typeVersion it is given, and only at one the node declares. */
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { TEST_CREDENTIALS } from '../fixtures/credentials';
import { cleanUpBinaryData, runChain, testNodeDescription } from './engine';

afterAll(() => cleanUpBinaryData());

/** A node with versions 1 and 2 whose every version outputs the class that ran and the version it read. */
function versionedStandIn(): VersionedNodeType {
	const base = testNodeDescription('Stand-in', 'Reports its version');
	const version = (ran: number): INodeType => ({
		description: testNodeDescription('Stand-in', 'Reports its version', ran),
		async execute(this: IExecuteFunctions) {
			return [[{ json: { ran, typeVersion: this.getNode().typeVersion } }]];
		},
	});
	return new VersionedNodeType({ 1: version(1), 2: version(2) }, { ...base, defaultVersion: 2 });
}

test('the node runs at the version it is given, and reads it from getNode()', async () => {
	for (const typeVersion of [1, 2]) {
		const result = await runChain({
			input: [{}],
			nodes: [{ name: 'Stand-in', type: 'standIn', typeVersion, parameters: {} }],
			extraNodeTypes: { standIn: versionedStandIn() },
		});
		expect(result.output('Stand-in').map((item) => item.json)).toEqual([
			{ ran: typeVersion, typeVersion },
		]);
	}
});

test('a version the node does not declare is refused', async () => {
	const node = {
		name: 'Socure',
		type: 'socureRiskOs',
		typeVersion: 2,
		parameters: { resource: 'evaluation', operation: 'downloadDocuments' },
	};
	await expect(
		runChain({ input: [{}], nodes: [node], credentials: TEST_CREDENTIALS }),
	).rejects.toThrow('socureRiskOs has no version 2 (it has 1)');
});
