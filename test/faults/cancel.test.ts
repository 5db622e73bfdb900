/**
 * Cancelling an execution (the editor's Stop button, an execution timeout) closes the
 * connections the node holds, over loopback sockets: a stalled download must not keep
 * the socket, nor the run, going until its own Timeout.
 */
import type { ServerResponse } from 'http';

import { verifikGetNode } from '../fixtures/verifik';
import { fakeJpeg } from '../fixtures/zip';
import { runChain } from '../harness/engine';
import { sendJson, useLoopbackServer } from './loopbackServer';

const api = useLoopbackServer();

/** Starts an image answer, sends its first bytes, then stalls; says when it started and when its connection closed. */
function stallingImage() {
	let started!: () => void;
	let closed!: (at: number) => void;
	const whenStarted = new Promise<void>((resolve) => (started = resolve));
	const whenClosed = new Promise<number>((resolve) => (closed = resolve));
	const answer = (response: ServerResponse) => {
		response.on('close', () => closed(Date.now()));
		response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': '1000000' });
		response.write(fakeJpeg('start', 4096));
		started();
	};
	return { answer, whenStarted, whenClosed };
}

test('Verifik: cancelling during a stalled image download closes its connection at once, and the run ends canceled', async () => {
	const image = stallingImage();
	api.handle = (request, response) =>
		request.url.startsWith('/verifik/')
			? sendJson(response, 200, {
					success: true,
					data: { _id: 'dl_1', imageUrl: `${api.url}/image.jpg` },
				})
			: image.answer(response);
	let canceledAt = 0;
	const cancelWhen = image.whenStarted.then(() => {
		canceledAt = Date.now();
	});
	const result = await runChain({
		input: [{ json: {} }],
		nodes: [
			verifikGetNode(
				{ options: { downloadImage: true, timeoutSeconds: 8, maxRetries: 0 } },
				{ name: 'Node' },
			),
		],
		credentials: {
			verifikApi: {
				environment: 'custom',
				baseUrl: `${api.url}/verifik`,
				accessToken: 'cancel-verifik-token-1f0c',
			},
		},
		cancelWhen,
	});
	const closedAt = await image.whenClosed;
	expect(closedAt - canceledAt).toBeLessThan(1500);
	expect(result.run.status).toBe('canceled');
	// Nothing after the cancel: the image was requested once, never retried.
	expect(api.received.map((request) => request.url)).toEqual([
		'/verifik/v2/document-liveness/dl_1',
		'/image.jpg',
	]);
}, 20_000);
