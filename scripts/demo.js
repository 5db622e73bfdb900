// npm run demo: the package, packed and installed into a real n8n exactly as n8n's
// community-package installer would, runs the example workflows against the local
// API simulator. Writes demo-output/summary.md and the images Unit21 received.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { sendRiskOsEvent, sendUnit21Webhook } = require('../sim/server');
const { documentFiles } = require('../sim/documents');
const {
	startWithSimulator,
	loadExamples,
	kycAssistantScript,
	activateWorkflow,
	unit21AlertCreated,
	RISKOS_WEBHOOK_AUTHORIZATION,
	nodeType,
	ROOT,
} = require('../tools/n8n/real-n8n');

const OUTPUT = path.join(ROOT, 'demo-output');

function sha256(buffer) {
	return crypto.createHash('sha256').update(buffer).digest('hex');
}

async function postWebhook(port, pathName, body) {
	for (let attempt = 0; attempt < 20; attempt++) {
		const response = await fetch(`http://127.0.0.1:${port}/webhook/${pathName}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: RISKOS_WEBHOOK_AUTHORIZATION },
			body: JSON.stringify(body),
		});
		if (response.status !== 404) return response;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error('the webhook never registered');
}

async function main() {
	const started = Date.now();
	fs.rmSync(OUTPUT, { recursive: true, force: true });
	fs.mkdirSync(path.join(OUTPUT, 'images'), { recursive: true });
	const examples = loadExamples();
	const { sim, n8n } = await startWithSimulator({
		workflows: examples.map(({ workflow }) => workflow),
	});
	const lines = [
		`# Demo: n8n ${n8n.version} with n8n-nodes-socure-riskos, n8n-nodes-verifik and n8n-nodes-unit21`,
		'',
		`Simulator: ${sim.url}. n8n user folder: ${n8n.folder}.`,
		'',
	];
	let failures = 0;
	try {
		for (const { file, workflow } of examples) {
			const before = sim.received.length;
			const writeBacksBefore = writeBackMarks(sim);
			let ok;
			let detail;
			if (workflow.nodes.some((node) => node.type === 'n8n-nodes-base.webhook')) {
				// A webhook workflow runs in the server: activate it, then send a RiskOS event with RiskOS's credential.
				await activateWorkflow(n8n, workflow.id);
				const port = 15678;
				const server = await n8n.start(port);
				try {
					const response = await postWebhook(port, 'socure-riskos-events', {
						event_id: 'evt-demo-1',
						event_at: new Date().toISOString(),
						event_type: 'evaluation_completed',
						data: {
							eval_id: '11111111-1111-4111-8111-111111111111',
							customer_user_id: 'customer-2002',
						},
					});
					ok = response.ok;
					// The webhook answers at once; the rest of the workflow finishes just after.
					for (let wait = 0; wait < 40 && sim.received.length - before < 5; wait++)
						await new Promise((resolve) => setTimeout(resolve, 250));
					detail = `webhook answered HTTP ${response.status}`;
				} finally {
					await server.stop();
				}
			} else if (triggerDelivery(workflow)) {
				// A trigger of this package: activate it, then deliver as RiskOS or Unit21 would.
				await activateWorkflow(n8n, workflow.id);
				const port = 15678;
				const server = await n8n.start(port);
				try {
					const deliver = triggerDelivery(workflow);
					let response;
					// A fresh production webhook may answer 404 for about a second after activation.
					for (let attempt = 0; attempt < 20; attempt++) {
						response = await deliver(`http://127.0.0.1:${port}`);
						if (response.status !== 404) break;
						await new Promise((resolve) => setTimeout(resolve, 500));
					}
					ok = response.status === 200;
					for (let wait = 0; wait < 40 && sim.received.length - before < 5; wait++)
						await new Promise((resolve) => setTimeout(resolve, 250));
					detail = `webhook answered HTTP ${response.status}`;
				} finally {
					await server.stop();
				}
			} else {
				// The AI Agent example's chat model is the simulator's scripted one.
				sim.setOpenAiScript(kycAssistantScript('11111111-1111-4111-8111-111111111111'));
				const result = await n8n.execute(workflow.id);
				ok = result.ok;
				detail = ok
					? 'executed headlessly: success'
					: `failed: ${(result.stdout + result.stderr).split('\n').filter(Boolean).slice(-3).join(' | ')}`;
				const agentRuns = result.run?.data?.resultData?.runData?.['KYC assistant'];
				if (ok && agentRuns)
					detail += `; the agent answered: "${agentRuns[agentRuns.length - 1].data.main[0][0].json.output}"`;
			}
			if (!ok) failures++;
			const uploads = sim.received.slice(before);
			lines.push(
				`## ${workflow.name} (${file})`,
				'',
				`${ok ? 'OK' : 'FAILED'}: ${detail}. Unit21 received ${uploads.length} upload(s).`,
				'',
			);
			if (uploads.length) {
				lines.push(
					"| Unit21 object | file | media type | bytes | identical to Socure's ZIP |",
					'|---|---|---|---|---|',
				);
			}
			for (const upload of uploads) {
				for (const received of upload.files) {
					const bytes = Buffer.from(received.base64, 'base64');
					const dir = path.join(
						OUTPUT,
						'images',
						path.basename(file, '.json'),
						`${upload.objectType}-${upload.objectId}`,
					);
					fs.mkdirSync(dir, { recursive: true });
					fs.writeFileSync(path.join(dir, received.fileName), bytes);
					const original = findOriginal(received.fileName, bytes);
					lines.push(
						`| ${upload.objectType} ${upload.objectId} | ${received.fileName} | ${received.mediaType ?? '(none)'} | ${bytes.length} | ${original} |`,
					);
				}
			}
			lines.push('', ...writeBackLines(sim, writeBacksBefore));
		}
	} finally {
		await sim.close();
	}
	lines.push(`Finished in ${Math.round((Date.now() - started) / 1000)} s.`);
	fs.writeFileSync(path.join(OUTPUT, 'summary.md'), `${lines.join('\n')}\n`);
	process.stdout.write(
		`${lines.join('\n')}\n\nWrote ${path.relative(process.cwd(), OUTPUT)}/summary.md and images/.\n`,
	);
	if (failures) process.exitCode = 1;
}

/** How the demo delivers to an example that starts with one of this package's triggers; undefined otherwise. */
function triggerDelivery(workflow) {
	const evaluation = {
		eval_id: '11111111-1111-4111-8111-111111111111',
		customer_user_id: 'customer-2002',
	};
	const riskos = workflow.nodes.find((node) => node.type === nodeType('socureRiskOsTrigger'));
	if (riskos)
		return async (base) =>
			await sendRiskOsEvent(`${base}/webhook/${riskos.webhookId}/webhook`, { data: evaluation });
	const unit21 = workflow.nodes.find((node) => node.type === nodeType('unit21Trigger'));
	if (!unit21) return undefined;
	return async (base) =>
		await sendUnit21Webhook(
			`${base}/webhook/${unit21.webhookId}/webhook`,
			unit21AlertCreated('Demo alert', evaluation.eval_id),
		);
}

/** Where the simulator's records of entity creates and RiskOS write-backs stand now. */
function writeBackMarks(sim) {
	return {
		entityRequests: new Map(
			Object.entries(sim.state.entities).map(([entityId, entity]) => [
				entityId,
				entity.lastRequest,
			]),
		),
		stateUpdates: sim.state.riskos.stateUpdates.length,
		feedback: sim.state.riskos.feedback.length,
	};
}

/** What an example created in Unit21 and wrote back to RiskOS since `before`, as summary lines. */
function writeBackLines(sim, before) {
	const lines = [];
	for (const [entityId, entity] of Object.entries(sim.state.entities)) {
		if (!entity.lastRequest || entity.lastRequest === before.entityRequests.get(entityId)) continue;
		const body = JSON.parse(entity.lastRequest);
		const scores = (body.risk_scores ?? [])
			.map((score) => `${score.name} ${score.score}/${score.denominator ?? '?'}`)
			.join(', ');
		lines.push(
			`Unit21 entity ${entityId} created or updated: risk_scores ${scores || '(none)'}; custom_data \`${JSON.stringify(body.custom_data ?? {})}\`.`,
			'',
		);
	}
	for (const update of sim.state.riskos.stateUpdates.slice(before.stateUpdates)) {
		const attachments = update.attachments.map((attachment) => {
			const bytes = Buffer.from(attachment.base64, 'base64');
			return `${attachment.fileName} (${bytes.length} bytes, identical to Socure's ZIP: ${findOriginal(attachment.fileName, bytes)})`;
		});
		lines.push(
			`RiskOS evaluation ${update.evalId} state written: decision ${update.decision}, status ${update.status}, notes "${update.notes ?? ''}"; attachments: ${attachments.join(', ') || 'none'}.`,
			'',
		);
	}
	for (const feedback of sim.state.riskos.feedback.slice(before.feedback))
		lines.push(
			`RiskOS feedback recorded for request ${feedback.id} (workflow ${feedback.workflow}): ${feedback.fraud_label}${feedback.recorded_by ? `, by ${feedback.recorded_by}` : ''}.`,
			'',
		);
	return lines;
}

/** Whether the received bytes are exactly a file of one of the simulator's evaluations. */
function findOriginal(fileName, bytes) {
	for (const evaluationId of [
		'11111111-1111-4111-8111-111111111111',
		'33333333-3333-4333-8333-333333333333',
	]) {
		for (const [zipPath, content] of documentFiles(
			evaluationId,
			evaluationId.startsWith('3') ? 'retried' : 'standard',
		)) {
			if (zipPath.endsWith(`/${fileName}`) && sha256(content) === sha256(bytes))
				return `yes (${evaluationId.slice(0, 8)}…)`;
		}
	}
	return fileName.startsWith('document-liveness-') ? 'n/a (Verifik image)' : 'NO';
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
