/** Clinic appointments simulator: visits, due reminders, reminder results (patient safety) and its control API. */
import axios, { type AxiosResponse } from 'axios';
import { DateTime } from 'luxon';

import { startSandbox, type Sandbox } from '../../sandbox';
import type { Visit, WrittenResult } from '../../sandbox/clinic';

/** What POST answers: a written result, a seed summary or an error. */
interface PostAnswer {
	ok: boolean;
	duplicate: boolean;
	visit: Visit;
	visits: Visit[];
	error: string;
}

let sandbox: Sandbox;
/** Sunday 22 Nov 2026, 15:00 in Moscow: "tomorrow" is Monday the 23rd. */
const NOW = '2026-11-22T12:00:00.000Z';
const TOMORROW = '2026-11-23';

const get = <T = Visit[]>(path: string): Promise<AxiosResponse<T>> =>
	axios.get(`${sandbox.baseUrl}${path}`, { validateStatus: () => true });
const post = <T = PostAnswer>(path: string, body?: unknown): Promise<AxiosResponse<T>> =>
	axios.post(`${sandbox.baseUrl}${path}`, body, { validateStatus: () => true });
const result = (id: string, body: unknown) =>
	post(`/clinic/visits/${encodeURIComponent(id)}/reminder-result`, body);

async function seed(
	count: number,
	date = TOMORROW,
	extra: Record<string, unknown> = {},
): Promise<Visit[]> {
	const res = await post('/_control/clinic/seed', { count, date, ...extra });
	expect(res.status).toBe(200);
	return res.data.visits;
}

async function addVisit(body: Record<string, unknown> = {}): Promise<Visit> {
	const res = await post<Visit>('/_control/clinic/visits', {
		startAt: '2026-11-23T10:00:00+03:00',
		timeZone: 'Europe/Moscow',
		...body,
	});
	expect(res.status).toBe(200);
	return res.data;
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
	await post('/_control/reset');
	await post('/_control/clock', { set: NOW });
});

describe('seeded visits', () => {
	it('look like a Russian clinic list: ФИО, stored phone shapes, zones Kaliningrad…Kamchatka, specialties', async () => {
		const visits = await seed(60);
		expect(visits).toHaveLength(60);
		for (const v of visits) {
			expect(v.id).toMatch(/^V20261123-\d{3}$/);
			expect(v.patient.fullName).toBe(
				`${v.patient.surname} ${v.patient.firstName} ${v.patient.patronymic}`,
			);
			expect(v.patient.fullName).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/);
			expect(v.specialty).toMatch(/^[А-ЯЁ][а-яё]+$/);
			expect(v.doctor).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/);
			expect(v.phone.replace(/\D/g, '')).toMatch(/^[78]9\d{9}$/);
			const start = DateTime.fromISO(v.startAt, { setZone: true });
			expect(start.isValid).toBe(true);
			// the offset in startAt is the patient's zone offset, and the visit is on the seeded local date
			expect(start.offset).toBe(DateTime.fromISO(v.startAt, { zone: v.timeZone }).offset);
			expect(v.startAt.slice(0, 10)).toBe(TOMORROW);
			expect(['scheduled', 'confirmed', 'cancelled']).toContain(v.status);
			expect(v.reminder).toBeNull();
		}
		const zones = new Set(visits.map((v) => v.timeZone));
		expect(zones.has('Europe/Moscow')).toBe(true);
		expect([...zones].every((z) => /^(Europe|Asia)\//.test(z))).toBe(true);
		expect(zones.size).toBeGreaterThan(5);
		const shapes = new Set(visits.map((v) => v.phone.replace(/\d/g, 'd')));
		expect(shapes).toContain('+d (ddd) ddd-dd-dd');
		expect(shapes).toContain('d ddd ddd dd dd');
		expect(new Set(visits.map((v) => v.phone.replace(/\D/g, '').slice(1))).size).toBe(60);
		expect(visits.some((v) => v.specialty === 'Эндоскопист')).toBe(true);
		expect(visits.filter((v) => v.status === 'scheduled').length).toBeGreaterThan(30);
	});

	it('are the same for the same seed and differ for another seed', async () => {
		const withoutTime = (vs: Visit[]) => vs.map(({ updatedAt: _u, ...v }) => v);
		const a = await seed(5);
		await seed(7, '2026-11-30');
		// the same request gives the same patients whatever was seeded before
		expect(withoutTime(await seed(5))).toEqual(withoutTime(a));
		expect(withoutTime(await seed(5, TOMORROW, { seed: 2 }))).not.toEqual(withoutTime(a));
		const other = await startSandbox({ port: 0, seed: 99, clinic: { visits: 5, date: TOMORROW } });
		try {
			const b = (await axios.get<Visit[]>(`${other.baseUrl}/clinic/visits?date=${TOMORROW}`)).data;
			expect(b).toHaveLength(5);
			expect(b.map((v) => v.phone)).not.toEqual(a.map((v) => v.phone));
		} finally {
			await other.stop();
		}
	});

	it('ClinicOptions seed the start state; invalidPhones adds unusable numbers', async () => {
		const other = await startSandbox({
			port: 0,
			clinic: { visits: 4, seed: 7, date: '2026-12-01', invalidPhones: 1 },
		});
		try {
			const all = (await axios.get<Visit[]>(`${other.baseUrl}/clinic/visits`)).data;
			expect(all.map((v) => v.startAt.slice(0, 10))).toEqual(Array(4).fill('2026-12-01'));
			expect(all.filter((v) => v.phone.replace(/\D/g, '').length < 10)).toHaveLength(1);
		} finally {
			await other.stop();
		}
	});

	it('seed replaces by default, appends on request, numbering on; bad input is a 400', async () => {
		await seed(3);
		await seed(2, TOMORROW, { append: true });
		await seed(1, '2026-11-24', { append: true });
		const all = (await get('/_control/clinic/visits')).data;
		expect(all.map((v) => v.id).sort()).toEqual([
			'V20261123-001',
			'V20261123-002',
			'V20261123-003',
			'V20261123-004',
			'V20261123-005',
			'V20261124-001',
		]);
		await seed(1);
		expect((await get('/_control/clinic/visits')).data).toHaveLength(1);
		expect((await post('/_control/clinic/seed', { count: -1 })).status).toBe(400);
		expect((await post('/_control/clinic/seed', { count: 1, date: '23.11.2026' })).status).toBe(
			400,
		);
		expect((await post('/_control/clinic/seed', { count: 1, invalidPhones: 'x' })).status).toBe(
			400,
		);
		expect((await post('/_control/clinic/nothing')).status).toBe(404);
	});
});

describe('reading visits', () => {
	it('GET /clinic/visits?date filters by the visit local date, sorted by start; status filter', async () => {
		await seed(4);
		await seed(3, '2026-11-24', { append: true });
		const tomorrow = (await get(`/clinic/visits?date=${TOMORROW}`)).data;
		expect(tomorrow).toHaveLength(4);
		const starts = tomorrow.map((v) => Date.parse(v.startAt));
		expect(starts).toEqual([...starts].sort((x, y) => x - y));
		expect((await get('/clinic/visits?date=2026-11-24')).data).toHaveLength(3);
		expect((await get('/clinic/visits')).data).toHaveLength(7);
		expect((await get('/clinic/visits?date=tomorrow')).data).toHaveLength(4);
		const cancelled = (await get('/clinic/visits?status=cancelled')).data;
		expect(cancelled.every((v) => v.status === 'cancelled')).toBe(true);
	});

	it('400 with a clear message for a bad date', async () => {
		for (const bad of ['2026-13-01', '23.11.2026', 'yesterday']) {
			const res = await get<{ error: string }>(`/clinic/visits?date=${bad}`);
			expect(res.status).toBe(400);
			expect(res.data.error).toMatch(/YYYY-MM-DD, today or tomorrow/);
		}
		expect((await get('/clinic/visits/due-reminders?for=soon')).status).toBe(400);
	});

	it('GET /clinic/visits/{id}; 404 for an unknown id; 404/405 for unknown routes', async () => {
		const [v] = await seed(1);
		expect((await get(`/clinic/visits/${v.id}`)).data).toEqual(v);
		const missing = await get<{ error: string }>('/clinic/visits/V0-000');
		expect(missing.status).toBe(404);
		expect(missing.data.error).toMatch(/no visit V0-000/);
		expect((await get('/clinic/patients')).status).toBe(404);
		expect((await get('/clinic/visits/%E0%A4%A')).status).toBe(404);
		expect(
			(
				await axios.delete(`${sandbox.baseUrl}/clinic/visits/${v.id}`, {
					validateStatus: () => true,
				})
			).status,
		).toBe(405);
	});

	it('due-reminders: tomorrow (clinic zone) by default, only scheduled visits without a final result', async () => {
		await seed(0);
		const due1 = await addVisit({ id: 'due-1' });
		await addVisit({ id: 'confirmed', status: 'confirmed' });
		await addVisit({ id: 'cancelled', status: 'cancelled' });
		await addVisit({ id: 'final', startAt: '2026-11-23T11:00:00+03:00' });
		await addVisit({ id: 'interim', startAt: '2026-11-23T12:00:00+03:00' });
		await addVisit({ id: 'other-day', startAt: '2026-11-24T10:00:00+03:00' });
		// 08:00 on the 23rd in Kamchatka is still the 22nd in Moscow: it belongs to the patient's date
		await addVisit({
			id: 'kamchatka',
			startAt: '2026-11-23T08:00:00+12:00',
			timeZone: 'Asia/Kamchatka',
		});
		expect((await result('final', { outcome: 'unreached', attempts: 3 })).status).toBe(200);
		expect((await result('interim', { outcome: 'no_answer', code: 5, attempts: 1 })).status).toBe(
			200,
		);
		const ids = (res: AxiosResponse<Visit[]>) => res.data.map((v) => v.id);
		expect(ids(await get('/clinic/visits/due-reminders'))).toEqual([
			'kamchatka',
			'due-1',
			'interim',
		]);
		expect(ids(await get('/clinic/visits/due-reminders?for=tomorrow'))).toEqual([
			'kamchatka',
			'due-1',
			'interim',
		]);
		expect(ids(await get('/clinic/visits/due-reminders?for=2026-11-24'))).toEqual(['other-day']);
		expect(due1.startAt).toBe('2026-11-23T10:00:00+03:00');
		// at 23:30 Moscow on the 22nd, tomorrow is still the 23rd
		await post('/_control/clock', { set: '2026-11-22T20:30:00.000Z' });
		expect(ids(await get('/clinic/visits/due-reminders'))).toHaveLength(3);
		await post('/_control/clock', { set: '2026-11-22T21:30:00.000Z' });
		expect(ids(await get('/clinic/visits/due-reminders'))).toEqual(['other-day']);
	});
});

describe('reminder results', () => {
	let id: string;
	beforeEach(async () => {
		await seed(0);
		id = (await addVisit({ id: 'v1', phone: '+7 (912) 345-67-89' })).id;
	});

	it('confirmed: the visit becomes confirmed and the result is stored', async () => {
		const res = await result(id, {
			outcome: 'confirmed',
			code: 1,
			attempts: 2,
			callId: 'c-2',
			note: 'ok',
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			ok: true,
			duplicate: false,
			visit: { status: 'confirmed', staffFollowUp: false },
		});
		expect(res.data.visit.reminder).toMatchObject({
			outcome: 'confirmed',
			code: 1,
			attempts: 2,
			callId: 'c-2',
			note: 'ok',
			final: true,
		});
		expect((await get<Visit>(`/clinic/visits/${id}`)).data.status).toBe('confirmed');
	});

	it('is idempotent for the same result and refuses a different one after a final result', async () => {
		const body = { outcome: 'confirmed', code: 1, attempts: 1, callId: 123 };
		expect((await result(id, body)).data.duplicate).toBe(false);
		const again = await result(id, { ...body, note: 'repeat' });
		expect([again.status, again.data.duplicate]).toEqual([200, true]);
		const late = await result(id, { outcome: 'no_answer', code: 5, attempts: 2 });
		expect(late.status).toBe(409);
		expect(late.data.error).toMatch(/already has the final result confirmed/);
		const written = (await get<WrittenResult[]>('/_control/clinic/results')).data;
		expect(
			written.map((r) => [
				r.seq,
				r.visitId,
				r.outcome,
				r.callId,
				r.duplicate,
				r.statusBefore,
				r.statusAfter,
			]),
		).toEqual([
			[1, id, 'confirmed', '123', false, 'scheduled', 'confirmed'],
			[2, id, 'confirmed', '123', true, 'confirmed', 'confirmed'],
		]);
		expect((await get<Visit>(`/clinic/visits/${id}`)).data.reminder?.note).toBeNull();
	});

	it('a strict clinic (refuseRepeats) answers 409 to the same final result again; every write is counted', async () => {
		const put = (body: unknown) =>
			axios.put(`${sandbox.baseUrl}/_control/clinic/config`, body, { validateStatus: () => true });
		expect((await put({ refuseRepeats: 'yes' })).status).toBe(400);
		expect((await put({ refuseRepeats: true })).data).toEqual({ refuseRepeats: true, apiToken: false });
		const body = { outcome: 'operator', code: 3, attempts: 1 };
		expect((await result(id, { outcome: 'no_answer', code: 5, attempts: 1 })).status).toBe(200);
		expect((await result(id, body)).status).toBe(200);
		const again = await result(id, body);
		expect(again.status).toBe(409);
		expect(again.data.error).toMatch(/already has the final result operator.*refuses to write it again/);
		const writes = (await get<Array<{ visitId: string; status: number }>>('/_control/clinic/writes')).data;
		expect(writes.map((w) => [w.visitId, w.status])).toEqual([
			[id, 200],
			[id, 200],
			[id, 409],
		]);
		// a reset clinic is lenient again and has counted nothing
		await post('/_control/reset');
		expect((await get('/_control/clinic/writes')).data).toEqual([]);
		const v = (await addVisit({ id: 'v2' })).id;
		expect((await result(v, body)).status).toBe(200);
		expect((await result(v, body)).status).toBe(200);
	});

	it('a slow write whose client hangs up is never applied with abandon, and applied without it', async () => {
		const body = { outcome: 'confirmed', code: 1, attempts: 1 };
		const hangUp = async (abandon: boolean) => {
			const path = `/clinic/visits/${id}/reminder-result`;
			await post('/_control/faults', { pathPrefix: path, kind: 'latency', ms: 300, count: 1, abandon });
			const sent = axios.post(`${sandbox.baseUrl}${path}`, body, { timeout: 50 });
			await expect(sent).rejects.toThrow(/timeout/);
			await new Promise((r) => setTimeout(r, 500));
			return (await get<unknown[]>('/_control/clinic/writes')).data.length;
		};
		expect(await hangUp(true)).toBe(0);
		expect((await get<Visit>(`/clinic/visits/${id}`)).data.reminder).toBeNull();
		expect(await hangUp(false)).toBe(1);
		expect((await get<Visit>(`/clinic/visits/${id}`)).data.reminder?.outcome).toBe('confirmed');
	});

	it('answerLate applies a write at once and holds only its answer, which a client that hung up never gets', async () => {
		const path = `/clinic/visits/${id}/reminder-result`;
		await post('/_control/faults', { pathPrefix: path, kind: 'latency', ms: 400, count: 1, answerLate: true });
		const started = Date.now();
		const late = await axios.post(`${sandbox.baseUrl}${path}`, { outcome: 'confirmed', code: 1, attempts: 1 });
		expect(late.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(350);
		await post('/_control/faults', { pathPrefix: path, kind: 'latency', ms: 300, count: 1, answerLate: true });
		const sent = axios.post(`${sandbox.baseUrl}${path}`, { outcome: 'operator', code: 3, attempts: 1 }, { timeout: 50 });
		await expect(sent).rejects.toThrow(/timeout/);
		// the client is gone, yet the clinic took it (a 409 here: a different result after a final one)
		const writes = (await get<Array<{ status: number }>>('/_control/clinic/writes')).data;
		expect(writes.map((w) => w.status)).toEqual([200, 409]);
		await new Promise((r) => setTimeout(r, 400));
		expect((await get<Visit>(`/clinic/visits/${id}`)).data.reminder?.outcome).toBe('confirmed');
	});

	it('interim results (no_answer, hung_up) may be followed by a final one', async () => {
		expect((await result(id, { outcome: 'no_answer', code: 5, attempts: 1 })).status).toBe(200);
		expect((await result(id, { outcome: 'hung_up', code: 4, attempts: 2 })).status).toBe(200);
		const final = await result(id, { outcome: 'confirmed', code: 1, attempts: 3 });
		expect(final.status).toBe(200);
		expect(final.data.visit.status).toBe('confirmed');
		expect(
			(await get<WrittenResult[]>('/_control/clinic/results')).data.map((r) => r.outcome),
		).toEqual(['no_answer', 'hung_up', 'confirmed']);
	});

	it('only the patient cancels: cancelled cancels, nothing else ever does', async () => {
		const others = ['confirmed', 'operator', 'hung_up', 'no_answer', 'unreached', 'failed'];
		for (const outcome of others) {
			const v = await addVisit({ id: `keep-${outcome}` });
			const res = await result(v.id, { outcome, attempts: 3, code: null });
			expect([outcome, res.status]).toEqual([outcome, 200]);
			expect(res.data.visit.status).not.toBe('cancelled');
		}
		const all = (await get('/clinic/visits')).data.filter((v) => v.id.startsWith('keep-'));
		expect(all.map((v) => v.status)).toEqual([
			'confirmed',
			'scheduled',
			'scheduled',
			'scheduled',
			'scheduled',
			'scheduled',
		]);
		const cancelled = await result(id, { outcome: 'cancelled', code: 2, attempts: 1 });
		expect(cancelled.data.visit.status).toBe('cancelled');
	});

	it('unreached and failed flag the visit for staff and keep it scheduled', async () => {
		const res = await result(id, { outcome: 'unreached', code: 5, attempts: 3, note: 'dead soul' });
		expect(res.data.visit).toMatchObject({
			status: 'scheduled',
			staffFollowUp: true,
			reminder: { final: true },
		});
		const bad = await addVisit({ id: 'bad-phone', phone: '345-67-89' });
		const failed = await result(bad.id, {
			outcome: 'failed',
			attempts: 0,
			note: 'no usable phone',
		});
		expect(failed.data.visit).toMatchObject({ status: 'scheduled', staffFollowUp: true });
	});

	it('a visit the clinic already cancelled stays cancelled whatever the robot heard', async () => {
		const v = await addVisit({ id: 'gone', status: 'cancelled' });
		const res = await result(v.id, { outcome: 'confirmed', code: 1, attempts: 1 });
		expect(res.data.visit.status).toBe('cancelled');
	});

	it.each([
		[
			{ code: 1, attempts: 1 },
			/outcome must be one of confirmed, cancelled, operator, hung_up, no_answer, unreached, failed/,
		],
		[{ outcome: 'CONFIRMED', attempts: 1 }, /outcome must be one of/],
		[{ outcome: 1, attempts: 1 }, /outcome must be one of/],
		[{ outcome: 'confirmed' }, /attempts must be an integer 0–50; got undefined/],
		[{ outcome: 'confirmed', attempts: '2' }, /attempts must be an integer/],
		[{ outcome: 'confirmed', attempts: 0 }, /at least 1 for outcome confirmed/],
		[{ outcome: 'confirmed', attempts: 1, code: 'one' }, /code must be an integer/],
		[{ outcome: 'confirmed', attempts: 1, callId: { id: 1 } }, /callId must be/],
		[{ outcome: 'confirmed', attempts: 1, note: 'x'.repeat(1001) }, /note must be/],
		[
			{ outcome: 'confirmed', attempts: 1, attempt: 1 },
			/unknown field\(s\) attempt; allowed: outcome, code, attempts, callId, note/,
		],
		[[{ outcome: 'confirmed' }], /JSON object/],
	])('400 for %j', async (body, message) => {
		const res = await result(id, body);
		expect(res.status).toBe(400);
		expect(res.data.error).toMatch(message);
		expect((await get<Visit>(`/clinic/visits/${id}`)).data).toMatchObject({
			status: 'scheduled',
			reminder: null,
		});
		expect((await get<WrittenResult[]>('/_control/clinic/results')).data).toEqual([]);
	});

	it('400 for a body that is not JSON; 404 for an unknown visit', async () => {
		const notJson = await axios.post(
			`${sandbox.baseUrl}/clinic/visits/${id}/reminder-result`,
			'outcome=confirmed',
			{
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				validateStatus: () => true,
			},
		);
		expect(notJson.status).toBe(400);
		const missing = await result('nope', { outcome: 'confirmed', attempts: 1 });
		expect(missing.status).toBe(404);
		expect(missing.data.error).toMatch(/no visit nope/);
	});

	it('reset clears written results', async () => {
		await result(id, { outcome: 'confirmed', attempts: 1 });
		await post('/_control/reset');
		expect((await get<WrittenResult[]>('/_control/clinic/results')).data).toEqual([]);
	});
});

describe('control: add one visit', () => {
	it('keeps the chosen phone, zone and start, generates the rest; rejects bad input', async () => {
		const v = await addVisit({
			phone: '8 912 345 67 89',
			timeZone: 'Asia/Vladivostok',
			startAt: '2026-11-23T09:30:00+10:00',
			specialty: 'Эндоскопист',
		});
		expect(v).toMatchObject({
			phone: '8 912 345 67 89',
			timeZone: 'Asia/Vladivostok',
			startAt: '2026-11-23T09:30:00+10:00',
			specialty: 'Эндоскопист',
			status: 'scheduled',
		});
		expect(v.patient.fullName).toMatch(/^[А-ЯЁ]/);
		// a start given in another offset is shown in the patient's zone
		const w = await addVisit({
			timeZone: 'Europe/Kaliningrad',
			startAt: '2026-11-23T10:00:00+03:00',
		});
		expect(w.startAt).toBe('2026-11-23T09:00:00+02:00');
		expect((await post('/_control/clinic/visits', { timeZone: 'Moon/Base' })).status).toBe(400);
		expect((await post('/_control/clinic/visits', { startAt: 'tomorrow' })).status).toBe(400);
		expect((await post('/_control/clinic/visits', { status: 'lost' })).status).toBe(400);
	});
});

describe('control: change a visit after import (front desk)', () => {
	it('cancels, moves (shown in the patient zone) and re-phones a visit; due-reminders follows', async () => {
		await addVisit({ id: 'p1', timeZone: 'Asia/Yekaterinburg', startAt: '2026-11-23T12:00:00+05:00' });
		await addVisit({ id: 'p2' });
		const patch = (id: string, body: unknown) =>
			axios.patch(`${sandbox.baseUrl}/_control/clinic/visits/${id}`, body, { validateStatus: () => true });
		const moved = await patch('p1', { startAt: '2026-11-24T08:00:00Z', phone: '+7 912 000-00-01' });
		expect(moved.status).toBe(200);
		expect(moved.data).toMatchObject({ startAt: '2026-11-24T13:00:00+05:00', phone: '+7 912 000-00-01' });
		expect((await patch('p2', { status: 'cancelled' })).data.status).toBe('cancelled');
		const due = (await get(`/clinic/visits/due-reminders?for=${TOMORROW}`)).data.map((v) => v.id);
		expect(due).not.toContain('p1');
		expect(due).not.toContain('p2');
		expect((await get<Visit>('/clinic/visits/p2')).data.status).toBe('cancelled');
	});

	it('400 for bad fields, 404 for an unknown visit', async () => {
		await addVisit({ id: 'p3' });
		const patch = (id: string, body: unknown) =>
			axios.patch(`${sandbox.baseUrl}/_control/clinic/visits/${id}`, body, { validateStatus: () => true });
		expect((await patch('p3', { status: 'lost' })).status).toBe(400);
		expect((await patch('p3', { startAt: 'soon' })).status).toBe(400);
		expect((await patch('p3', { doctor: 'x' })).data.error).toMatch(/unknown field\(s\) doctor/);
		expect((await patch('nope', { status: 'cancelled' })).status).toBe(404);
		expect((await get<Visit>('/clinic/visits/p3')).data.status).toBe('scheduled');
	});

	it('badTimeZone keeps a zone the clinic mistyped, read in the clinic zone', async () => {
		const v = await addVisit({ id: 'typo', timeZone: 'Europe/Mosсow', badTimeZone: true, startAt: undefined });
		expect(v.timeZone).toBe('Europe/Mosсow');
		expect(v.startAt).toBe('2026-11-23T10:00:00+03:00');
		const due = (await get(`/clinic/visits/due-reminders?for=${TOMORROW}`)).data.map((x) => x.id);
		expect(due).toContain('typo');
	});
});

describe('describe()', () => {
	it('prints a curl line that works', async () => {
		await seed(3);
		const curl = sandbox.describe().find((l) => l.startsWith('curl ') && l.includes('/clinic/'))!;
		const url = /'([^']+)'/.exec(curl)![1];
		const res = await axios.get(url);
		expect(res.status).toBe(200);
		expect(Array.isArray(res.data)).toBe(true);
	});
});
