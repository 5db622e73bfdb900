// End-to-end: the nodes as tools of n8n's AI Agent, in a real n8n. The chat model is
// n8n's own OpenAI Chat Model node, its credential's Base URL on the simulator's
// OpenAI-compatible stub, which plays a script: download the documents of an evaluation,
// check the ID front's liveness record with Verifik, then answer from what the tools returned.
'use strict';

const { SECRETS } = require('../sim/server');
const {
	startWithSimulator,
	loadExamples,
	kycAssistantScript,
	toolResults,
} = require('../tools/n8n/real-n8n');
const { GOOD_EVAL } = require('./common');

const example = loadExamples().find(({ file }) => file.startsWith('05-')).workflow;

let sim;
let n8n;

beforeAll(
	async () => {
		({ sim, n8n } = await startWithSimulator({ workflows: [example] }));
	},
	30 * 60 * 1000,
);

afterAll(async () => {
	await sim?.close();
});

test('example 5: the KYC assistant calls the Socure and Verifik tools and answers from their JSON', async () => {
	sim.setOpenAiScript(kycAssistantScript(GOOD_EVAL));
	const result = await n8n.execute('idvExample05');
	// On failure, n8n's own words are the assertion's message.
	expect(result.ok ? 'ran' : `${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`).toBe(
		'ran',
	);

	// The tools reached the simulated APIs with the model's parameters.
	expect(sim.state.log).toEqual(
		expect.arrayContaining([
			`GET /socure/api/evaluation/${GOOD_EVAL}/documents`,
			'GET /verifik/v2/document-liveness/dl_failed',
		]),
	);

	// The model was offered both tools with their descriptions and $fromAI parameters.
	const requests = sim.state.openai.requests;
	expect(requests).toHaveLength(3);
	const tools = Object.fromEntries(
		requests[0].tools.map((tool) => [tool.function.name, tool.function]),
	);
	expect(Object.keys(tools).sort()).toEqual(['Socure_documents', 'Verifik_liveness_check']);
	expect(tools.Socure_documents.description).toMatch(/identity documents Socure RiskOS holds/);
	expect(tools.Socure_documents.parameters.properties.evaluationId).toMatchObject({
		type: 'string',
	});
	expect(tools.Verifik_liveness_check.parameters.properties.livenessCheckId).toMatchObject({
		type: 'string',
	});

	// What the tools returned to the model is JSON a model can reason about: files with roles,
	// sizes and MIME types, the check results; no binary, no secrets.
	const results = toolResults(requests[2]);
	expect(results.Socure_documents).toHaveLength(1);
	const [documents] = results.Socure_documents;
	expect(documents).toMatchObject({ evaluationId: GOOD_EVAL, documentsFound: true, fileCount: 5 });
	expect(documents.files.map((file) => [file.fileName, file.role, file.mimeType])).toEqual([
		['documentfrontDoc_Front_1_blob.jpg', 'documentFront', 'image/jpeg'],
		['documentbackDoc_Back_1_blob.jpg', 'documentBack', 'image/jpeg'],
		['Doc_Selfie_1_blob.jpg', 'selfie', 'image/jpeg'],
		['identity.pdf', 'attachment', 'application/pdf'],
		['additional_doc.pdf', 'attachment', 'application/pdf'],
	]);
	for (const file of documents.files) expect(file.size).toBeGreaterThan(100);
	const [check] = results.Verifik_liveness_check;
	expect(check).toMatchObject({
		_id: 'dl_failed',
		status: 'completed',
		validationResults: { portraitSubstitution: { passed: false, score: 0.21 } },
	});
	const everythingSent = JSON.stringify(requests);
	for (const secret of Object.values(SECRETS))
		if (secret !== SECRETS.openai) expect(everythingSent).not.toContain(secret);
	expect(everythingSent).not.toMatch(/"binary"|\/9j\//); // no binary entries, no base64 JPEG

	// The agent's final output.
	const agent = result.run.data.resultData.runData['KYC assistant'];
	expect(agent[agent.length - 1].data.main[0][0].json.output).toBe(
		`Evaluation ${GOOD_EVAL}: documentFront documentfrontDoc_Front_1_blob.jpg, documentBack documentbackDoc_Back_1_blob.jpg, selfie Doc_Selfie_1_blob.jpg, attachment identity.pdf, attachment additional_doc.pdf. Verifik check dl_failed failed: portraitSubstitution.`,
	);
});
