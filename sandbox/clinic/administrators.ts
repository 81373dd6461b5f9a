/**
 * The front-desk administrators of the clinic: each patient has a personal one, whose phone interactive routing
 * answers with and whose extension gets the patient's screen pop while nobody has answered yet.
 */
import { phoneDigits } from './phones';

export interface Administrator {
	id: string;
	fullName: string;
	/** where CoMagic can put a call through: `7XXXXXXXXXX` */
	phone: string;
	/** the administrator's extension in the clinic's PBX */
	extension: string;
}

export const ADMINISTRATORS: readonly Administrator[] = [
	{ id: 'adm-1', fullName: 'Орлова Светлана Игоревна', phone: '74993720601', extension: '201' },
	{ id: 'adm-2', fullName: 'Кравцов Денис Олегович', phone: '74993720602', extension: '202' },
	{ id: 'adm-3', fullName: 'Белова Ирина Андреевна', phone: '74993720603', extension: '203' },
];

export function findAdministrator(id: string): Administrator | undefined {
	return ADMINISTRATORS.find((a) => a.id === id);
}

/** The administrator a patient gets until the control API says otherwise: stable for a phone number. */
export function defaultAdministrator(phone: string): Administrator {
	const digits = phoneDigits(phone);
	let sum = 0;
	for (const ch of digits) sum += ch.charCodeAt(0) - 48;
	return ADMINISTRATORS[sum % ADMINISTRATORS.length];
}
