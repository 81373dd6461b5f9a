/**
 * The CoMagic Trigger against what the sandbox really sends: notifications rendered from the node's own templates,
 * over GET and POST. (A separate file from the Voicebox one: each gets its own sandbox process state.)
 */
import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import {
	getQueryTemplate,
	postBodyTemplate,
	SECRET_PLACEHOLDER,
	URL_PLACEHOLDER,
} from '../../nodes/CoMagic/trigger/templates';
import { codeBlocks, shownProperties } from '../harness/editor';
import type { WebhookDriver } from '../harness/webhook';
import { startCoMagic, type CoMagicHarness } from './comagic.helpers';
import { comagic, SECRET } from '../triggers/triggers.helpers';

const CONTACT = '79031234567';
const token = `token=${encodeURIComponent(SECRET)}`;

describe('CoMagic sandbox notifications → CoMagic Trigger', () => {
	let cm: CoMagicHarness;
	let viaPost: WebhookDriver;
	let viaGet: WebhookDriver;

	beforeAll(async () => {
		cm = await startCoMagic();
		viaPost = await comagic();
		viaGet = await comagic();
		for (const event of NOTIFICATION_EVENTS) {
			const post = await cm.control('POST', 'comagic/notifications', {
				event: event.key,
				method: 'POST',
				url: `${viaPost.url}?${token}`,
				body: postBodyTemplate(event),
			});
			const get = await cm.control('POST', 'comagic/notifications', {
				event: event.key,
				method: 'GET',
				url: `${viaGet.url}${getQueryTemplate(event)}&${token}`,
			});
			expect([post.status, get.status]).toEqual([200, 200]);
		}
	});
	afterAll(async () => {
		await viaPost.close();
		await viaGet.close();
		await cm.sandbox.stop();
	});

	it.each([
		[
			'answered',
			false,
			['incoming_call', 'waiting_answer', 'talk_started', 'talk_finished', 'call_finished'],
		],
		['lost', true, ['incoming_call', 'waiting_answer', 'lost_call', 'call_finished']],
	])(
		'an %s inbound call: every notification is accepted over POST and GET with typed fields',
		async (_label, lost, expected) => {
			const before = { post: viaPost.calls.length, get: viaGet.calls.length };
			const call = await cm.control('POST', 'comagic/inbound-call', {
				contact_phone_number: CONTACT,
				lost,
				talkMs: 20,
				wait: true,
			});
			expect(call.status).toBe(200);
			const id = call.data.call_session_id as number;
			for (const [driver, start] of [
				[viaPost, before.post],
				[viaGet, before.get],
			] as const) {
				const calls = driver.calls.slice(start);
				expect(calls.every((c) => c.executed)).toBe(true);
				const items = calls.map((c) => c.items[0].json);
				// talk_recorded may follow after the recording delay; the order of the rest is the call's
				expect(items.map((i) => i.event).filter((e) => e !== 'talk_recorded')).toEqual(expected);
				for (const item of items) {
					expect(item.callSessionId).toBe(id);
					expect(item.contactPhone).toBe(CONTACT);
					expect(item.notificationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+03:00$/);
				}
				const end = items.find((i) => i.event === 'call_finished')!;
				expect(typeof end.totalDuration).toBe('number');
				expect(typeof end.waitDuration).toBe('number');
			}
			expect(viaPost.logs).toEqual([]);
			expect(viaGet.logs).toEqual([]);
		},
	);

	it('the same notification delivered twice (GET and POST to one workflow) starts one execution', async () => {
		const both = await comagic();
		try {
			const incoming = NOTIFICATION_EVENTS.find((e) => e.key === 'incoming_call')!;
			await cm.control('DELETE', 'comagic/notifications');
			await cm.control('POST', 'comagic/notifications', {
				event: 'incoming_call',
				method: 'POST',
				url: `${both.url}?${token}`,
				body: postBodyTemplate(incoming),
			});
			await cm.control('POST', 'comagic/notifications', {
				event: 'incoming_call',
				method: 'GET',
				url: `${both.url}${getQueryTemplate(incoming)}&${token}`,
			});
			await cm.control('POST', 'comagic/inbound-call', {
				contact_phone_number: CONTACT,
				talkMs: 10,
				wait: true,
			});
			expect(both.calls.map((c) => c.executed)).toEqual([true, false]);
		} finally {
			await both.close();
		}
	});

	it.each(['query', 'body', 'none'])(
		"each event's template as the editor shows it, followed literally (GET and POST), gets through (secret in %s)",
		async (secretLocation) => {
			const literal = await comagic({ secretLocation, options: { duplicateWindow: 0 } });
			try {
				await cm.control('DELETE', 'comagic/notifications');
				for (const event of NOTIFICATION_EVENTS) {
					// the default Events (Any Event) with this event picked in Show Template For: one notice shown
					const notices = shownProperties(new CoMagicTrigger().description, {
						secretLocation,
						templateEvent: event.key,
					}).filter((p) => p.name.startsWith('templateAny_'));
					expect(notices).toHaveLength(1);
					// what the integrator copies: the <code> blocks, with the two stand-ins filled in
					const [postUrl, body, getUrl] = codeBlocks(notices[0].displayName).map((t) =>
						t.replace(URL_PLACEHOLDER, literal.url).replace(SECRET_PLACEHOLDER, SECRET),
					);
					for (const subscription of [
						{ event: event.key, method: 'POST', url: postUrl, body },
						{ event: event.key, method: 'GET', url: getUrl },
					]) {
						const res = await cm.control('POST', 'comagic/notifications', subscription);
						expect(res.status).toBe(200);
					}
				}
				await cm.control('POST', 'comagic/inbound-call', {
					contact_phone_number: CONTACT,
					lost: true,
					talkMs: 10,
					wait: true,
				});
				const seen = literal.calls.map((c) => [c.method, c.items[0]?.json.event]);
				const expected = ['incoming_call', 'waiting_answer', 'lost_call', 'call_finished'];
				for (const method of ['POST', 'GET']) {
					expect(seen.filter(([m]) => m === method).map(([, e]) => e)).toEqual(expected);
				}
				expect(literal.calls.every((c) => c.executed)).toBe(true);
				// the secret never reaches the execution data
				expect(JSON.stringify(literal.calls.map((c) => c.items))).not.toContain(SECRET);
			} finally {
				await literal.close();
			}
		},
	);

	it('an event chosen by name shows the same template as under Any Event', () => {
		const description = new CoMagicTrigger().description;
		for (const event of NOTIFICATION_EVENTS) {
			const byName = shownProperties(description, { events: [event.key] }).find((p) =>
				p.name.startsWith('template_'),
			)!;
			const underAny = shownProperties(description, { templateEvent: event.key }).find((p) =>
				p.name.startsWith('templateAny_'),
			)!;
			expect(byName.displayName).toBe(underAny.displayName);
		}
	});

	it('a subscription without the secret is refused with 401', async () => {
		const guarded = await comagic();
		try {
			await cm.control('DELETE', 'comagic/notifications');
			await cm.control('POST', 'comagic/notifications', {
				event: 'incoming_call',
				method: 'POST',
				url: guarded.url,
			});
			await cm.control('POST', 'comagic/inbound-call', {
				contact_phone_number: CONTACT,
				talkMs: 10,
				wait: true,
			});
			expect(guarded.calls).toHaveLength(1);
			expect(guarded.calls[0].executed).toBe(false);
			expect(guarded.calls[0].nodeRan).toBe(true);
		} finally {
			await guarded.close();
		}
	});
});
