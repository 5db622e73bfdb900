// What Socure's documents endpoint returns, with real images: the documented layout
// (user_uploaded/document_verification/…, vouched_id_verification/…, case_attachments/…).
'use strict';

const fs = require('fs');
const path = require('path');

const { buildZip } = require('./zip-writer');

const FIXTURES = path.join(__dirname, 'fixtures');
const cache = new Map();

function sampleImage(name) {
	const file = { front: 'front.jpg', back: 'back.jpg', selfie: 'selfie.jpg', frontRetry: 'front-retry.png' }[name];
	if (!cache.has(file)) cache.set(file, fs.readFileSync(path.join(FIXTURES, file)));
	return cache.get(file);
}

/** Makes a JPEG unique to an evaluation with a comment segment right after SOI; still a valid JPEG. */
function personalisedJpeg(jpeg, label) {
	const text = Buffer.from(`evaluation ${label}`);
	const segment = Buffer.alloc(4);
	segment.writeUInt16BE(0xfffe, 0);
	segment.writeUInt16BE(text.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

/** A small, valid one-page PDF with a line of text (xref offsets computed). */
function pdf(text) {
	const stream = `BT /F1 14 Tf 40 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let body = '%PDF-1.4\n';
	const offsets = [];
	objects.forEach((object, index) => {
		offsets.push(body.length);
		body += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** The files of an evaluation, by ZIP path. `retried`: a second front capture as PNG and no selfie. */
function documentFiles(evaluationId, variant = 'standard') {
	const files = [
		['user_uploaded/document_verification/documentfrontDoc_Front_1_blob.jpg', personalisedJpeg(sampleImage('front'), evaluationId)],
		['user_uploaded/document_verification/documentbackDoc_Back_1_blob.jpg', personalisedJpeg(sampleImage('back'), evaluationId)],
	];
	if (variant === 'retried') {
		files.push(['user_uploaded/document_verification/documentfrontDoc_Front_2_blob.png', sampleImage('frontRetry')]);
	} else {
		files.push(['user_uploaded/vouched_id_verification/Doc_Selfie_1_blob.jpg', personalisedJpeg(sampleImage('selfie'), evaluationId)]);
	}
	files.push(['case_attachments/identity.pdf', pdf(`Identity review for ${evaluationId}`)]);
	files.push(['case_attachments/additional_doc.pdf', pdf(`Additional document for ${evaluationId}`)]);
	return files;
}

/** Five 20 MB JPEG-headed files, stored: a 100 MB archive whose largest entry is 20 MB. */
function largeFiles(evaluationId) {
	const size = 20 * 1024 * 1024;
	return ['front', 'back', 'selfie', 'extra_1', 'extra_2'].map((name, index) => {
		const content = Buffer.alloc(size, index + 1);
		sampleImage('front').copy(content, 0, 0, 2);
		content.write(evaluationId, 16);
		const folder = name === 'selfie' ? 'vouched_id_verification' : 'document_verification';
		const fileName = { front: 'documentfrontDoc_Front_1_blob.jpg', back: 'documentbackDoc_Back_1_blob.jpg', selfie: 'Doc_Selfie_1_blob.jpg' }[name] || `${name}.jpg`;
		return [`user_uploaded/${folder}/${fileName}`, content];
	});
}

function documentsZip(evaluationId, variant = 'standard') {
	if (variant === 'large') return buildZip(largeFiles(evaluationId).map(([name, content]) => ({ name, content, method: 'stored' })));
	const entries = [];
	const folders = new Set();
	for (const [name, content] of documentFiles(evaluationId, variant)) {
		const parts = name.split('/');
		for (let depth = 1; depth < parts.length; depth++) {
			const folder = `${parts.slice(0, depth).join('/')}/`;
			if (!folders.has(folder)) {
				folders.add(folder);
				entries.push({ name: folder, method: 'stored' });
			}
		}
		// JPEGs and PNGs are already compressed: stored, as most ZIP tools do; PDFs deflated.
		entries.push({ name, content, method: name.endsWith('.pdf') ? 'deflated' : 'stored' });
	}
	return buildZip(entries);
}

module.exports = { documentsZip, documentFiles, sampleImage, pdf };
