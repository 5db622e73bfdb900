// Writes ZIP archives byte by byte: the simulator's documents and the tests' fixtures,
// including the broken archives a reader must refuse (bad CRC, encrypted, ZIP64, lying sizes).
'use strict';

const zlib = require('zlib');

/**
 * @param {Array<{ name: string, content?: Buffer, method?: 'stored'|'deflated', crc?: number, flags?: number, declaredSize?: number, compressionMethod?: number, deflated?: Buffer }>} entries
 *   `deflated`: the entry's data already compressed, as a Buffer or a list of Buffers (with
 *   `crc` and `declaredSize`), written as is.
 * @param {{ zip64Locator?: boolean, comment?: string, asParts?: boolean }} [options]
 *   `asParts`: the archive as the list of its pieces, not copied into one Buffer.
 * @returns {Buffer}
 */
function buildZip(entries, options = {}) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const entry of entries) {
		const content = entry.content || Buffer.alloc(0);
		const method =
			entry.compressionMethod !== undefined
				? entry.compressionMethod
				: entry.method === 'stored'
					? 0
					: 8;
		const data = entry.deflated || (method === 8 ? zlib.deflateRawSync(content) : content);
		const name = Buffer.from(entry.name, 'utf8');
		const crc = entry.crc !== undefined ? entry.crc : zlib.crc32(content);
		const flags = entry.flags !== undefined ? entry.flags : 0x800;
		const size = entry.declaredSize !== undefined ? entry.declaredSize : content.length;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(flags, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt32LE(crc >>> 0, 14);
		const dataLength = Array.isArray(data)
			? data.reduce((sum, part) => sum + part.length, 0)
			: data.length;
		local.writeUInt32LE(dataLength, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		locals.push(local, name, ...(Array.isArray(data) ? data : [data]));
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(flags, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt32LE(crc >>> 0, 16);
		central.writeUInt32LE(dataLength, 20);
		central.writeUInt32LE(size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		centrals.push(central, name);
		offset += 30 + name.length + local.readUInt32LE(18);
	}
	const centralDirectory = Buffer.concat(centrals);
	const comment = Buffer.from(options.comment || '', 'utf8');
	const parts = [...locals, centralDirectory];
	if (options.zip64Locator) {
		const locator = Buffer.alloc(20);
		locator.writeUInt32LE(0x07064b50, 0);
		parts.push(locator);
	}
	const eocd = Buffer.alloc(22);
	eocd.writeUInt32LE(0x06054b50, 0);
	eocd.writeUInt16LE(entries.length, 8);
	eocd.writeUInt16LE(entries.length, 10);
	eocd.writeUInt32LE(centralDirectory.length, 12);
	eocd.writeUInt32LE(offset, 16);
	eocd.writeUInt16LE(comment.length, 20);
	parts.push(eocd, comment);
	return options.asParts ? parts : Buffer.concat(parts);
}

module.exports = { buildZip };
