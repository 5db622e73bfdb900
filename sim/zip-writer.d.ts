export interface FixtureEntry {
	name: string;
	content?: Buffer;
	method?: 'stored' | 'deflated';
	/** Overrides for building broken archives. */
	crc?: number;
	flags?: number;
	declaredSize?: number;
	compressionMethod?: number;
	/** The data already deflated (give `crc` and `declaredSize` too), written as is. */
	deflated?: Buffer | Buffer[];
}

export function buildZip(
	entries: FixtureEntry[],
	options?: { zip64Locator?: boolean; comment?: string },
): Buffer;
