export interface SimulatorState {
	received: Array<Record<string, unknown>>;
	counts: Record<string, number>;
	/** Requests per Socure evaluation ID or Unit21 object ID. */
	attempts: Record<string, number>;
	recordUploads?: boolean;
	/** What the simulated RiskOS was told (also GET /_sim/riskos). */
	riskos: {
		/** Decision, status, sub_status and notes written per eval_id; GET shows them. */
		evaluations: Map<string, Record<string, unknown>>;
		stateUpdates: Array<{
			evalId: string;
			workflow: string;
			decision: string;
			status: string;
			subStatus?: string;
			notes?: string;
			apiVersion?: string;
			attachments: Array<{ fileName: string; size: number; sha256: string; base64: string }>;
		}>;
		feedback: Array<Record<string, unknown>>;
		imports: Array<{ fileName: string; contentType?: string; rows: number; base64: string }>;
	};
	/** Unit21 entities by ID: what creates sent (sections merged), and the media linked since the last delete-all-media. */
	entities: Record<string, SimulatedEntity>;
	/** link-media and delete-all-media answer 404 for an entity never created (as Unit21). */
	requireEntities: boolean;
}

export interface SimulatedEntity {
	/** Created through POST /v1/entities/create (not only named by a link-media). */
	created: boolean;
	data: Record<string, unknown>;
	media: Array<{
		key: string;
		fileName: string;
		contentType?: string;
		mediaType?: string;
		customData?: unknown;
		size: number;
		sha256: string;
	}>;
	/** The raw body of the last create that changed the entity (identical ones are ignored). */
	lastRequest?: string;
}

export interface Simulator {
	url: string;
	state: SimulatorState;
	received: SimulatorState['received'];
	close(): Promise<void>;
}

export function createSimulator(options?: {
	port?: number;
	host?: string;
	latencyMs?: number;
	socureRequestsPerSecond?: number;
	requireEntities?: boolean;
}): Promise<Simulator>;

export const SCENARIOS: Record<string, Record<string, string>>;
export const SECRETS: {
	socure: string;
	verifik: string;
	unit21: string;
	unit21Org: string;
	riskosWebhookToken: string;
	unit21WebhookKey: string;
};

export function sendRiskOsEvent(
	url: string,
	event?: {
		eventId?: string;
		eventType?: string;
		data?: Record<string, unknown>;
		authorization?: string | null;
	},
): Promise<{ status: number; body: string }>;

export function sendUnit21Webhook(
	url: string,
	body: string | Record<string, unknown>,
	options?: { secret?: string | null; timestamp?: number },
): Promise<{ status: number; body: string }>;
