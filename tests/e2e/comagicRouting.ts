/**
 * The shipped call-routing templates in a real n8n, set up as a clinic would: workflows/clinic-system.json,
 * incoming-call-screen-pop.json and interactive-routing.json imported through the public API, Settings bound, the
 * CoMagic credential and the triggers' secret credential created through the API and bound by id, then activated /
 * published. Judged from the sandbox's own records: the screen pops the clinic API received, the faults it consumed,
 * and the answers the interactive step got (with their timing).
 */
import type { AxiosInstance } from 'axios';

import { n8nSetup } from '../../setup/n8nClient';
import { controlClient } from '../../sandbox/controlClient';
import type { Sandbox } from '../../sandbox';
import { ADMINISTRATORS } from '../../sandbox/clinic/administrators';
import type { ScreenPop } from '../../sandbox/clinic/screenPops';
import { coMagicCredentialData } from '../../sandbox/credentials';
import { findEvent } from '../../nodes/CoMagic/trigger/events';
import { postBodyTemplate } from '../../nodes/CoMagic/trigger/templates';
import { ROUTING_WEBHOOKS, TEMPLATE_FILES } from '../../templates/names';
import { clinicSystemFor } from '../../tooling/n8n/clinicApi';
import { installTemplate, prepareTemplate } from '../../tooling/n8n/template';
import { assert, check, log, sleep, waitFor } from './support/checks';

export interface RoutingContext {
	http: AxiosInstance;
	/** n8n's base URL, as the sandbox reaches it */
	base: string;
	sandbox: Sandbox;
	apiKey: string;
	v1: boolean;
	owner: { email: string; password: string };
}

const SECRET = 'e2e-routing-secret-7c41d9';
/** a patient of the clinic with a visit tomorrow and a personal administrator */
const PATIENT_PHONE = '+7 (916) 555-01-01';
const PATIENT = '79165550101';
const ADMIN = ADMINISTRATORS[1];
/** nobody the clinic knows */
const STRANGER = '79165550999';
/** the sandbox's virtual numbers and their campaigns (sandbox/comagic/defaults.ts) */
const ADS_NUMBER = { number: '74951045771', campaign: 'Яндекс.Директ' };
const SITE_NUMBER = { number: '74993720692', campaign: 'Сайт клиники' };
/** employee 26 of the sandbox, extension 100 + id */
const OPERATOR = { id: 26, extension: '126', name: 'Петрова Мария' };

export async function runRoutingChecks(ctx: RoutingContext): Promise<void> {
	const { http, sandbox } = ctx;
	const ctl = controlClient(sandbox).request;
	const setup = n8nSetup({ http, apiKey: ctx.apiKey, v1: ctx.v1, owner: ctx.owner });
	const { api } = setup;
	const popUrl = `${ctx.base}/webhook/${ROUTING_WEBHOOKS.screenPop}/webhook`;
	const icpPath = `/webhook/${ROUTING_WEBHOOKS.interactive}/webhook`;
	const pops = async () => (await ctl('GET', '/clinic/screen-pops')).data as ScreenPop[];
	let ready = false;
	let popWorkflowId = '';
	let budgetMs = 0;
	let defaultAnswer: unknown;
	let visit: Record<string, any> = {};

	await check('routing templates: imported, bound and activated through the API', async () => {
		await ctl('POST', '/clinic/seed', { count: 0 });
		const added = await ctl('POST', '/clinic/visits', {
			id: 'R-routing-patient',
			phone: PATIENT_PHONE,
			timeZone: 'Europe/Moscow',
			specialty: 'Кардиолог',
		});
		assert(added.status === 200, `visit: ${JSON.stringify(added.data)}`);
		visit = added.data;
		const assigned = await ctl('PUT', `/clinic/patients/${PATIENT}/administrator`, {
			administratorId: ADMIN.id,
		});
		assert(assigned.status === 200, `administrator: ${JSON.stringify(assigned.data)}`);

		// login + password, as sandbox/credentials.ts sets it (1.123 takes it only through the REST route: setup.ts)
		await setup.login();
		const credential = await setup.credential(
			'CoMagic account',
			'coMagicApi',
			coMagicCredentialData(sandbox),
		);
		// the triggers' secret (version 2 reads it from its credential): one credential, under the name both templates
		// give it, bound to both
		const triggerSecret = await setup.credential('CoMagic trigger secret', 'coMagicTriggerApi', {
			secret: SECRET,
		});
		const clinicId = await setup.create(await clinicSystemFor(setup.credential, sandbox));

		// both activated below, after the clinic system
		({ id: popWorkflowId } = await installTemplate(setup, {
			file: TEMPLATE_FILES.incomingCall,
			settings: { clinicWorkflowId: clinicId, receptionExtension: '200' },
			credentials: { coMagicTriggerApi: triggerSecret, coMagicApi: credential },
			activate: false,
		}));

		const icpWf = prepareTemplate({
			file: TEMPLATE_FILES.interactiveRouting,
			settings: { clinicWorkflowId: clinicId },
			credentials: { coMagicTriggerApi: triggerSecret },
		});
		const icpTrigger = icpWf.nodes.find((n) => n.type.endsWith('.coMagicTrigger'));
		assert(icpTrigger, 'the routing template has no CoMagic Trigger');
		budgetMs = Number(icpTrigger.parameters.timeBudgetMs);
		defaultAnswer = JSON.parse(String(icpTrigger.parameters.defaultAnswer));
		const icpId = await setup.create(icpWf);

		// 2.x runs the published version of a sub-workflow; 1.x cannot activate one with only a sub-workflow trigger
		const ids = ctx.v1 ? [popWorkflowId, icpId] : [clinicId, popWorkflowId, icpId];
		for (const id of ids) await setup.activate(id);
		// registered when a wrong secret gets 401 (an unregistered webhook gets 404)
		await waitFor(
			'the routing webhooks',
			async () => {
				const a = await http.post(`${popUrl.slice(ctx.base.length)}?token=probe`, {});
				const b = await http.get(`${icpPath}?token=probe`);
				return a.status === 401 && b.status === 401 ? true : undefined;
			},
			60_000,
		);

		// the cabinet's notifications, with the body template the trigger shows for each event
		await ctl('DELETE', '/comagic/notifications');
		for (const key of ['incoming_call', 'talk_started']) {
			const event = findEvent(key);
			assert(event, `no event ${key}`);
			const sub = await ctl('POST', '/comagic/notifications', {
				event: key,
				method: 'POST',
				url: `${popUrl}?token=${SECRET}`,
				body: postBodyTemplate(event),
			});
			assert(sub.status === 200, `subscription ${key}: ${JSON.stringify(sub.data)}`);
		}
		ready = true;
	});
	if (!ready) return;

	const popsOf = (session: number, count: number) =>
		waitFor(
			`${count} screen pop(s) for call ${session}`,
			async () => {
				const mine = (await pops()).filter((p) => p.callSessionId === session);
				return mine.length >= count ? mine : undefined;
			},
			60_000,
		);

	await check(
		'screen pop: a known patient pops at their administrator, then at the operator who answered, with the campaign',
		async () => {
			const call = await ctl('POST', '/comagic/inbound-call', {
				contact_phone_number: PATIENT,
				virtual_phone_number: ADS_NUMBER.number,
				employee_id: OPERATOR.id,
				talkMs: 500,
				wait: true,
			});
			assert(call.status === 200, `inbound call: ${JSON.stringify(call.data)}`);
			const session = Number(call.data.call_session_id);
			const mine = await popsOf(session, 2);
			await sleep(1500);
			const all = (await pops()).filter((p) => p.callSessionId === session);
			assert(all.length === 2, `${all.length} pops for one call: ${JSON.stringify(all)}`);
			const ringing = all.find((p) => p.event === 'incoming_call');
			const talking = all.find((p) => p.event === 'talk_started');
			assert(ringing && talking, `pop events ${mine.map((p) => p.event).join(', ')}`);
			for (const p of [ringing, talking]) {
				assert(
					!p.newPatient && p.patientName === visit.patient.fullName,
					`patient ${p.patientName}, expected ${visit.patient.fullName}`,
				);
				assert(p.phone === PATIENT, `phone ${p.phone}`);
				assert(
					p.nextVisitAt === visit.startAt && p.nextVisitSpecialty === 'Кардиолог',
					`next visit ${p.nextVisitAt} ${p.nextVisitSpecialty}, expected ${visit.startAt}`,
				);
				assert(
					p.campaignName === ADS_NUMBER.campaign && p.campaignId === 123,
					`campaign ${p.campaignId} ${p.campaignName}`,
				);
				assert(p.title.includes(visit.patient.fullName), `title ${p.title}`);
			}
			assert(
				ringing.extension === ADMIN.extension,
				`ringing: extension ${ringing.extension}, expected the administrator's ${ADMIN.extension}`,
			);
			assert(
				talking.extension === OPERATOR.extension && talking.employeeName === OPERATOR.name,
				`answered: extension ${talking.extension} (${talking.employeeName}), expected ${OPERATOR.extension}`,
			);
			log(`        "${talking.title}" → ext. ${talking.extension}`);
		},
	);

	await check(
		'screen pop: an unknown caller pops as new patient at reception, with the campaign',
		async () => {
			const call = await ctl('POST', '/comagic/inbound-call', {
				contact_phone_number: STRANGER,
				virtual_phone_number: SITE_NUMBER.number,
				lost: true,
				waitMs: 200,
				wait: true,
			});
			assert(call.status === 200, `inbound call: ${JSON.stringify(call.data)}`);
			const session = Number(call.data.call_session_id);
			const [p] = await popsOf(session, 1);
			assert(
				p.newPatient && p.patientName === null && p.nextVisitAt === null,
				`pop ${JSON.stringify(p)}`,
			);
			assert(p.extension === '200', `extension ${p.extension}, expected reception 200`);
			assert(p.campaignName === SITE_NUMBER.campaign, `campaign ${p.campaignName}`);
			assert(/^New patient · /.test(p.title), `title ${p.title}`);
		},
	);

	await check(
		'screen pop: CoMagic down → the card still pops, with the campaign marked unknown',
		async () => {
			// every Data API request fails (campaign list, employee list, a login): the lookups must not stop the card
			await ctl('DELETE', '/faults');
			await ctl('POST', '/faults', { pathPrefix: '/comagic/dataapi', kind: 'status', status: 503 });
			try {
				const call = await ctl('POST', '/comagic/inbound-call', {
					contact_phone_number: PATIENT,
					virtual_phone_number: ADS_NUMBER.number,
					employee_id: OPERATOR.id,
					talkMs: 300,
					wait: true,
				});
				const mine = await popsOf(Number(call.data.call_session_id), 2);
				for (const p of mine) {
					assert(
						p.campaignName === null && / · campaign unknown$/.test(p.title),
						`${p.event}: campaign ${p.campaignName}, title ${p.title}`,
					);
					assert(p.patientName === visit.patient.fullName, `${p.event}: patient ${p.patientName}`);
				}
				// no employee list: the answered call's card falls back to the patient's administrator
				assert(
					mine.every((p) => p.extension === ADMIN.extension),
					`extensions ${mine.map((p) => p.extension).join(', ')}`,
				);
			} finally {
				await ctl('DELETE', '/faults');
			}
		},
	);

	await check(
		'screen pop: a card the clinic system refuses fails the execution, saying why',
		async () => {
			await ctl('DELETE', '/faults');
			await ctl('POST', '/faults', {
				pathPrefix: '/clinic/screen-pops',
				kind: 'status',
				status: 503,
				count: 1,
			});
			const since = Date.now();
			const before = (await pops()).length;
			const call = await ctl('POST', '/comagic/inbound-call', {
				contact_phone_number: STRANGER,
				lost: true,
				waitMs: 200,
				wait: true,
			});
			assert(call.status === 200, `inbound call: ${JSON.stringify(call.data)}`);
			const failed = await waitFor('the failed execution', async () => {
				const res = await api(
					'GET',
					`/executions?workflowId=${popWorkflowId}&status=error&includeData=true&limit=20`,
				);
				return ((res.data?.data ?? []) as Array<Record<string, any>>).find(
					(e) => Date.parse(e.startedAt) >= since,
				);
			});
			const message = String(failed.data?.resultData?.error?.message ?? '');
			assert(
				/did not take the screen pop for extension 200: the clinic system answered HTTP 503/.test(message),
				`error: ${message}`,
			);
			assert(
				(await ctl('GET', '/faults')).data.faults.length === 0,
				'the pop never reached the clinic',
			);
			assert((await pops()).length === before, 'a refused pop was stored');
		},
	);

	await check(
		'screen pop: a notification without the secret gets 401 and starts nothing',
		async () => {
			// executions of this workflow that started at or after `since` (earlier calls may still be finishing)
			const startedSince = async (since: number) =>
				(
					((await api('GET', `/executions?workflowId=${popWorkflowId}&limit=250`)).data?.data ??
						[]) as Array<{ startedAt: string }>
				).filter((e) => Date.parse(e.startedAt) >= since).length;
			const popsBefore = (await pops()).length;
			const since = Date.now();
			const body = {
				event: 'incoming_call',
				call_session_id: 990001,
				contact_phone_number: PATIENT,
				campaign_id: 123,
			};
			const none = await http.post(popUrl.slice(ctx.base.length), body);
			const wrong = await http.post(`${popUrl.slice(ctx.base.length)}?token=not-the-secret`, body);
			assert(
				none.status === 401 && wrong.status === 401,
				`statuses ${none.status}, ${wrong.status}`,
			);
			await sleep(2000);
			assert((await pops()).length === popsBefore, 'a screen pop was posted');
			assert((await startedSince(since)) === 0, 'an execution started');
			// the probe can fail: the same notification with the secret does start one, and pops
			const right = await http.post(`${popUrl.slice(ctx.base.length)}?token=${SECRET}`, body);
			assert(right.status === 200, `with the secret: HTTP ${right.status}`);
			await popsOf(990001, 1);
			await waitFor('the accepted execution in the list', async () =>
				(await startedSince(since)) >= 1 ? true : undefined,
			);
		},
	);

	await check(
		'screen pop: a repeated notification (two copies at once, a third later) pops one card',
		async () => {
			// the trigger's Duplicate Window keys (event, call session) in this n8n process: a repeat starts nothing
			const session = 990002;
			const body = {
				event: 'incoming_call',
				call_session_id: session,
				contact_phone_number: PATIENT,
				campaign_id: 123,
			};
			const url = `${popUrl.slice(ctx.base.length)}?token=${SECRET}`;
			const copies = await Promise.all([http.post(url, body), http.post(url, body)]);
			assert(
				copies.every((r) => r.status === 200),
				`statuses ${copies.map((r) => r.status).join(', ')}`,
			);
			await popsOf(session, 1);
			const late = await http.post(url, body);
			assert(late.status === 200, `the late copy: HTTP ${late.status}`);
			await sleep(3000);
			const mine = (await pops()).filter((p) => p.callSessionId === session);
			assert(
				mine.length === 1,
				`${mine.length} cards for one notification: ${JSON.stringify(mine)}`,
			);
		},
	);

	// the scenario step «Интерактивная обработка вызова»: GET with the parameters it is set to send
	const ask = async (numa: string, cdr: number) => {
		const started = Date.now();
		const res = await http.get(icpPath, {
			params: {
				token: SECRET,
				cdr_id: cdr,
				numa,
				numb: SITE_NUMBER.number,
				call_session_id: 880000 + cdr,
			},
			timeout: 30_000,
		});
		return { status: res.status, data: res.data, ms: Date.now() - started };
	};
	const faultsLeft = async () => ((await ctl('GET', '/faults')).data.faults as unknown[]).length;

	await check(
		"interactive routing: a patient is put through to their administrator's phone",
		async () => {
			// the first execution after activation loads the sub-workflow: not the one to time
			await ask(STRANGER, 1);
			const a = await ask(PATIENT, 2);
			assert(a.status === 200, `status ${a.status}`);
			assert(
				JSON.stringify(a.data.phones) === JSON.stringify([ADMIN.phone]),
				`answer ${JSON.stringify(a.data)}, expected phones [${ADMIN.phone}]`,
			);
			assert(
				String(a.data.operator_text ?? '').includes(visit.patient.fullName),
				`hint ${a.data.operator_text}`,
			);
			assert(a.ms < budgetMs, `answered in ${a.ms} ms, budget ${budgetMs} ms`);
			const u = await ask(STRANGER, 3);
			assert(
				u.status === 200 && u.data.returned_code === 1 && !u.data.phones,
				`stranger: ${JSON.stringify(u.data)}`,
			);
			log(`        administrator's phone in ${a.ms} ms (budget ${budgetMs} ms)`);
		},
	);

	await check(
		'interactive routing: the clinic system down → the default answer, in time',
		async () => {
			await ctl('DELETE', '/faults');
			await ctl('POST', '/faults', {
				pathPrefix: '/clinic/patients/by-phone',
				kind: 'status',
				status: 503,
				count: 1,
			});
			const a = await ask(PATIENT, 4);
			assert(a.status === 200, `status ${a.status}`);
			assert(
				JSON.stringify(a.data) === JSON.stringify(defaultAnswer),
				`answer ${JSON.stringify(a.data)}, expected the default ${JSON.stringify(defaultAnswer)}`,
			);
			assert((await faultsLeft()) === 0, 'the lookup never reached the clinic system');
			assert(a.ms <= budgetMs + 500, `answered in ${a.ms} ms, budget ${budgetMs} ms`);
			log(`        default answer in ${a.ms} ms with the clinic system answering 503`);
		},
	);

	await check(
		'interactive routing: the clinic system slow → the default answer within the budget',
		async () => {
			await ctl('POST', '/faults', {
				pathPrefix: '/clinic/patients/by-phone',
				kind: 'latency',
				ms: budgetMs + 4000,
				count: 1,
			});
			const a = await ask(PATIENT, 5);
			assert(a.status === 200, `status ${a.status}`);
			assert(
				JSON.stringify(a.data) === JSON.stringify(defaultAnswer),
				`answer ${JSON.stringify(a.data)}, expected the default ${JSON.stringify(defaultAnswer)}`,
			);
			assert((await faultsLeft()) === 0, 'the lookup never reached the clinic system');
			// the guard fires at the budget, counted from when the trigger gets the request: not before it (the lookup
			// was still running), and after it only by n8n's own request handling (~0.6 s on a loaded 2-core box)
			assert(
				a.ms >= budgetMs - 100 && a.ms <= budgetMs + 1000,
				`answered in ${a.ms} ms, budget ${budgetMs} ms`,
			);
			log(
				`        default answer in ${a.ms} ms with the clinic system taking ${budgetMs + 4000} ms`,
			);
			// the late execution must not write a second answer or break the next call
			await sleep(4500);
			const b = await ask(PATIENT, 6);
			assert(
				JSON.stringify(b.data.phones) === JSON.stringify([ADMIN.phone]),
				`next call: ${JSON.stringify(b.data)}`,
			);
		},
	);

	await check('interactive routing: a request without the secret gets 401', async () => {
		const res = await http.get(icpPath, { params: { numa: PATIENT, cdr_id: 7 } });
		assert(res.status === 401, `status ${res.status}`);
	});
}
