/**
 * Screen pops: the card an operator's softphone or the clinic system shows when a call comes in. The receiver
 * checks the shape a pop must have, so a template that forgets the extension or the caller is told, not stored.
 */
export interface ScreenPop {
	seq: number;
	at: string;
	/** the extension whose screen shows the card */
	extension: string;
	event: string;
	callSessionId: number | null;
	phone: string;
	newPatient: boolean;
	patientName: string | null;
	nextVisitAt: string | null;
	nextVisitSpecialty: string | null;
	nextVisitDoctor: string | null;
	campaignId: number | null;
	campaignName: string | null;
	employeeName: string | null;
	/** one line the card shows on top */
	title: string;
	/** the body as posted, for anything the fields above leave out */
	raw: Record<string, unknown>;
}

export class ScreenPopError extends Error {}

const text = (v: unknown): string | null =>
	typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => {
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

export function parseScreenPop(body: unknown, seq: number, at: string): ScreenPop {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new ScreenPopError('the body must be a JSON object');
	}
	const b = body as Record<string, unknown>;
	const extension = text(b.extension);
	if (!extension)
		throw new ScreenPopError('extension is required: the operator extension to show the card on');
	const phone = text(b.phone);
	if (!phone) throw new ScreenPopError('phone is required: the caller number');
	if (typeof b.newPatient !== 'boolean')
		throw new ScreenPopError('newPatient must be true or false');
	const patientName = text(b.patientName);
	if (!b.newPatient && !patientName) {
		throw new ScreenPopError(
			'patientName is required for a known patient (or send newPatient: true)',
		);
	}
	return {
		seq,
		at,
		extension,
		event: text(b.event) ?? 'unknown',
		callSessionId: num(b.callSessionId),
		phone,
		newPatient: b.newPatient,
		patientName,
		nextVisitAt: text(b.nextVisitAt),
		nextVisitSpecialty: text(b.nextVisitSpecialty),
		nextVisitDoctor: text(b.nextVisitDoctor),
		campaignId: num(b.campaignId),
		campaignName: text(b.campaignName),
		employeeName: text(b.employeeName),
		title: text(b.title) ?? '',
		raw: b,
	};
}
