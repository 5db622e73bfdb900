export interface ParsedPart {
	name: string;
	fileName?: string;
	contentType?: string;
	content: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): ParsedPart[];
