export function nestedRecord(
	id: string,
	identity: Record<string, unknown>,
	imageUrl: string,
	verdict?: { portraitSubstitution?: Record<string, unknown>; riskScore?: number },
): Record<string, unknown>;

export function flatRecord(id: string, identity?: Record<string, unknown>): Record<string, unknown>;
