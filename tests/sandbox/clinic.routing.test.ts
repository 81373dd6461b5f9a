/**
 * The clinic simulator's call-routing side: patients by phone (any stored shape) with their next visit and personal
 * administrator, the screen-pop receiver and its control endpoints, and the /faults that make the lookup fail or slow.
 */
import axios, { type AxiosResponse } from 'axios';

import { startSandbox, type Sandbox } from '../../sandbox';
import { ADMINISTRATORS, defaultAdministrator } from '../../sandbox/clinic/administrators';
import type { PatientCard } from '../../sandbox/clinic/patients';
import type { ScreenPop } from '../../sandbox/clinic/screenPops';
import type { Visit } from '../../sandbox/clinic';

let sandbox: Sandbox;
/** Sunday 22 Nov 2026, 15:00 in Moscow */
const NOW = '2026-11-22T12:00:00.000Z';

const call = <T = any>(method: string, path: string, data?: unknown): Promise<AxiosResponse<T>> =>
	axios.request({ method, url: `${sandbox.baseUrl}${path}`, data, validateStatus: () => true });

async function addVisit(body: Record<string, unknown>): Promise<Visit> {
	const res = await call<Visit>('POST', '/_control/clinic/visits', {
		timeZone: 'Europe/Moscow',
		...body,
	});
	expect(res.status).toBe(200);
	return res.data;
}

const byPhone = (phone: string) =>
	call<PatientCard & { error: string }>(
		'GET',
		`/clinic/patients/by-phone/${encodeURIComponent(phone)}`,
	);

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
	await call('POST', '/_control/reset');
	await call('POST', '/_control/clock', { set: NOW });
	await call('POST', '/_control/clinic/seed', { count: 0 });
});

describe('patients by phone', () => {
	it('finds a patient stored as "+7 (916) …" by 7…, 8… and 10 digits, with the next visit still ahead', async () => {
		await addVisit({
			id: 'past',
			phone: '+7 (916) 555-01-01',
			startAt: '2026-11-20T10:00:00+03:00',
		});
		await addVisit({ id: 'later', phone: '8 916 555 01 01', startAt: '2026-12-01T10:00:00+03:00' });
		const next = await addVisit({
			id: 'next',
			phone: '89165550101',
			startAt: '2026-11-24T09:30:00+03:00',
			specialty: 'Кардиолог',
		});
		await addVisit({
			id: 'cancelled',
			phone: '+79165550101',
			startAt: '2026-11-23T09:00:00+03:00',
			status: 'cancelled',
		});
		for (const asked of ['79165550101', '89165550101', '9165550101', '+7 916 555-01-01']) {
			const res = await byPhone(asked);
			expect([asked, res.status]).toEqual([asked, 200]);
			expect(res.data.phone).toBe('79165550101');
			expect(res.data.nextVisit).toMatchObject({
				id: 'next',
				startAt: next.startAt,
				specialty: 'Кардиолог',
			});
			expect(res.data.patient.fullName).toBe(next.patient.fullName);
		}
	});

	it('a patient with only past or cancelled visits is found, with no next visit', async () => {
		await addVisit({ phone: '79165550102', startAt: '2026-11-20T10:00:00+03:00' });
		await addVisit({
			phone: '79165550102',
			startAt: '2026-11-25T10:00:00+03:00',
			status: 'cancelled',
		});
		const res = await byPhone('79165550102');
		expect(res.status).toBe(200);
		expect(res.data.nextVisit).toBeNull();
	});

	it('an unknown number is 404; a number no patient can have (foreign, junk) too, saying why', async () => {
		await addVisit({ phone: '79165550101' });
		expect((await byPhone('79165550999')).status).toBe(404);
		const foreign = await byPhone('4915112345678');
		expect(foreign.status).toBe(404);
		expect(foreign.data.error).toMatch(/stored by Russian numbers, e\.g\. 79161234567/);
	});

	it('the personal administrator: a stable default, set or removed through the control API', async () => {
		await addVisit({ phone: '79165550101' });
		expect((await byPhone('79165550101')).data.administrator).toEqual(
			defaultAdministrator('79165550101'),
		);
		const other = ADMINISTRATORS.find((a) => a.id !== defaultAdministrator('79165550101').id)!;
		const set = await call('PUT', '/_control/clinic/patients/89165550101/administrator', {
			administratorId: other.id,
		});
		expect(set.status).toBe(200);
		expect((await byPhone('+7 916 555 01 01')).data.administrator).toEqual(other);
		await call('PUT', '/_control/clinic/patients/79165550101/administrator', {
			administratorId: null,
		});
		expect((await byPhone('79165550101')).data.administrator).toBeNull();
		const wrong = await call('PUT', '/_control/clinic/patients/79165550101/administrator', {
			administratorId: 'adm-99',
		});
		expect(wrong.status).toBe(400);
		expect(wrong.data.error).toMatch(/adm-1, adm-2, adm-3/);
		expect((await call('GET', '/_control/clinic/administrators')).data).toEqual(ADMINISTRATORS);
	});

	it('/faults make the lookup fail or slow (what interactive routing must survive)', async () => {
		await addVisit({ phone: '79165550101' });
		await call('POST', '/_control/faults', {
			pathPrefix: '/clinic/patients/by-phone',
			kind: 'status',
			status: 503,
			count: 1,
		});
		expect((await byPhone('79165550101')).status).toBe(503);
		expect((await byPhone('79165550101')).status).toBe(200);
		await call('POST', '/_control/faults', {
			pathPrefix: '/clinic/patients/by-phone',
			kind: 'latency',
			ms: 400,
			count: 1,
		});
		const started = Date.now();
		expect((await byPhone('79165550101')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(380);
	});
});

describe('screen pops', () => {
	const pop = {
		extension: '202',
		phone: '79165550101',
		event: 'incoming_call',
		callSessionId: 5001,
		newPatient: false,
		patientName: 'Иванова Анна Сергеевна',
		nextVisitAt: '2026-11-24T09:30:00+03:00',
		campaignId: 123,
		campaignName: 'Яндекс.Директ',
		title: 'Иванова Анна Сергеевна · 24.11.2026 09:30 · Яндекс.Директ',
	};

	it('are stored in order and read back, then cleared, through the control API', async () => {
		expect((await call('POST', '/clinic/screen-pops', pop)).data).toEqual({ ok: true, seq: 1 });
		const second = {
			...pop,
			extension: '126',
			event: 'talk_started',
			newPatient: true,
			patientName: null,
		};
		expect((await call('POST', '/clinic/screen-pops', second)).status).toBe(200);
		const stored = (await call<ScreenPop[]>('GET', '/_control/clinic/screen-pops')).data;
		expect(stored.map((p) => [p.seq, p.extension, p.event, p.newPatient])).toEqual([
			[1, '202', 'incoming_call', false],
			[2, '126', 'talk_started', true],
		]);
		expect(stored[0]).toMatchObject({
			patientName: pop.patientName,
			campaignName: 'Яндекс.Директ',
			campaignId: 123,
			callSessionId: 5001,
		});
		await call('DELETE', '/_control/clinic/screen-pops');
		expect((await call('GET', '/_control/clinic/screen-pops')).data).toEqual([]);
	});

	it.each([
		[{ ...pop, extension: '' }, /extension is required/],
		[{ ...pop, phone: undefined }, /phone is required/],
		[{ ...pop, newPatient: 'no' }, /newPatient must be true or false/],
		[{ ...pop, patientName: '' }, /patientName is required for a known patient/],
		['not an object', /JSON object/],
	])('a pop without what a card needs is refused with the reason (%#)', async (body, reason) => {
		const res = await call('POST', '/clinic/screen-pops', body);
		expect(res.status).toBe(400);
		expect(res.data.error).toMatch(reason);
		expect((await call('GET', '/_control/clinic/screen-pops')).data).toEqual([]);
	});
});
