/**
 * What each file in a Socure documents ZIP is, from its path. The layout is
 * documented (user_uploaded/document_verification/documentfrontDoc_Front_1_blob.jpg,
 * …/documentbackDoc_Back_1_blob.jpg, user_uploaded/vouched_id_verification/Doc_Selfie_1_blob.jpg,
 * case_attachments/*.pdf); the capture number varies when a user retried, so names
 * are matched by pattern.
 */

export type DocumentRole = 'documentFront' | 'documentBack' | 'selfie' | 'attachment' | 'other';

/** The Unit21 media type each role implies, so Socure → Unit21 works with defaults. */
const UNIT21_MEDIA_TYPE: Partial<Record<DocumentRole, string>> = {
	documentFront: 'IMAGE_ID_CARD_FRONT',
	documentBack: 'IMAGE_ID_CARD_BACK',
	selfie: 'IMAGE_FACE_IMAGE',
};

export function documentRole(path: string): DocumentRole {
	const normalised = path.replace(/\\/g, '/');
	const name = normalised.split('/').pop() ?? '';
	if (/(^|\/)case_attachments\//i.test(normalised)) return 'attachment';
	if (/documentfront|doc_front/i.test(name)) return 'documentFront';
	if (/documentback|doc_back/i.test(name)) return 'documentBack';
	if (/selfie/i.test(name)) return 'selfie';
	return 'other';
}

export function unit21MediaTypeFor(role: DocumentRole): string | undefined {
	return UNIT21_MEDIA_TYPE[role];
}

/**
 * Stable, readable binary property names for one evaluation's files, in archive
 * order: the first front, back and selfie keep the role's name, later ones get `_2`,
 * `_3`; attachments and others are numbered from 1 (`attachment_1`, `other_1`).
 */
export function createPropertyNamer(): (role: DocumentRole) => string {
	const seen: Partial<Record<DocumentRole, number>> = {};
	return (role) => {
		const count = (seen[role] ?? 0) + 1;
		seen[role] = count;
		if (role === 'attachment' || role === 'other') return `${role}_${count}`;
		return count === 1 ? role : `${role}_${count}`;
	};
}
