// A strict multipart/form-data parser: the simulator uses it to read Unit21 uploads
// and the tests use it to assert exactly what a node sent.
'use strict';

/**
 * @param {Buffer} body
 * @param {string} contentType
 * @returns {Array<{ name: string, fileName?: string, contentType?: string, content: Buffer }>}
 */
function parseMultipart(body, contentType) {
	const boundary = /boundary=("?)([^";]+)\1/.exec(contentType || '')?.[2];
	if (!boundary) throw new Error(`no boundary in ${contentType}`);
	const delimiter = Buffer.from(`--${boundary}`);
	const closing = Buffer.concat([Buffer.from('\r\n'), delimiter]);
	const parts = [];
	let position = body.indexOf(delimiter);
	if (position !== 0) throw new Error('body does not start with the boundary');
	for (;;) {
		position += delimiter.length;
		const after = body.subarray(position, position + 2).toString();
		if (after === '--') break;
		if (after !== '\r\n') throw new Error('malformed boundary line');
		position += 2;
		const headerEnd = body.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) throw new Error('part without headers');
		const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n');
		const next = body.indexOf(closing, headerEnd + 4);
		if (next < 0) throw new Error('unterminated part');
		const disposition = headers.find((line) => /^content-disposition:/i.test(line)) || '';
		const type = headers.find((line) => /^content-type:/i.test(line));
		parts.push({
			name: (/\bname="([^"]*)"/.exec(disposition) || [])[1] || '',
			fileName: (/\bfilename="([^"]*)"/.exec(disposition) || [])[1],
			contentType: type ? type.split(':')[1].trim() : undefined,
			content: body.subarray(headerEnd + 4, next),
		});
		position = next + 2;
	}
	return parts;
}

module.exports = { parseMultipart };
