/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * A loopback HTTP server for the fault suite (no nock): each test sets its answer, and it
 * records every request it got and when each answer's connection closed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { cleanUpBinaryData } from '../harness/engine';

export interface Received {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: Buffer;
}

export type Handler = (request: Received, response: ServerResponse) => unknown;

export class LoopbackServer {
	received: Received[] = [];
	handle: Handler = (_request, response) => response.writeHead(404).end();
	url = '';
	private readonly server: Server;
	private readonly open = new Set<ServerResponse>();

	constructor() {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const received = {
					method: request.method ?? '',
					url: request.url ?? '',
					headers: request.headers,
					body: Buffer.concat(chunks),
				};
				this.received.push(received);
				this.open.add(response);
				response.on('close', () => this.open.delete(response));
				void Promise.resolve(this.handle(received, response)).catch(() => response.destroy());
			});
		});
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	reset(): void {
		this.received = [];
		this.handle = (_request, response) => response.writeHead(404).end();
	}

	async close(): Promise<void> {
		for (const response of this.open) response.destroy();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

export function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	response
		.writeHead(status, { 'Content-Type': 'application/json', ...headers })
		.end(JSON.stringify(body));
}

/**
 * A server for the whole test file: started before its tests, reset after each, and closed
 * after all of them, with the harness's binary store removed.
 */
export function useLoopbackServer(): LoopbackServer {
	const server = new LoopbackServer();
	beforeAll(async () => await server.start());
	afterEach(() => server.reset());
	afterAll(async () => {
		await server.close();
		cleanUpBinaryData();
	});
	return server;
}

/** The keys a fault test stores for each service. */
export interface ServiceKeys {
	socure: string;
	verifik: string;
	unit21: string;
}

/** The three API credentials, each on the "custom" environment pointing at `baseUrl`/<service>. */
export function loopbackCredentials(
	baseUrl: string,
	keys: ServiceKeys,
	extra: Record<string, Record<string, unknown>> = {},
) {
	return {
		socureRiskOsApi: {
			environment: 'custom',
			baseUrl: `${baseUrl}/socure`,
			apiKey: keys.socure,
			...extra.socureRiskOsApi,
		},
		verifikApi: {
			environment: 'custom',
			baseUrl: `${baseUrl}/verifik`,
			accessToken: keys.verifik,
			...extra.verifikApi,
		},
		unit21Api: {
			environment: 'custom',
			baseUrl: `${baseUrl}/unit21`,
			orgName: 'acme',
			apiKey: keys.unit21,
			...extra.unit21Api,
		},
	};
}
