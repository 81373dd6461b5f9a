/**
 * One phone reader for both nodes: a number written with the Unicode dashes office software types (‒ – — ―) is read
 * the same by CoMagic and by MTT Voicebox, and the same as with plain hyphens.
 */
import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { normalizePhone, normalizeRuPhone } from '../../nodes/shared/phone';
import { runWorkflow } from '../harness';
import { useCoMagicEnv } from './comagic.helpers';
import { startCall, useVoiceboxSandbox, visit } from './voicebox.helpers';

const comagic = useCoMagicEnv();
const voicebox = useVoiceboxSandbox();

const DASHED = [
	'+7 912 345\u201267\u201289', // figure dash
	'8 (912) 345\u201367\u201389', // en dash
	'8 912 345\u201467\u201489', // em dash
	'+7\u2011912\u2011345\u201167\u201189', // non-breaking hyphen
];

describe('a phone with Unicode dashes passes both nodes alike', () => {
	it.each(DASHED)('MTT Voicebox Start Campaign Call: %p', async (phone) => {
		const result = await runWorkflow(startCall([{ ...visit, phone }]), {
			credentials: voicebox.credentials(),
		});
		expect(result.status).toBe('success');
		expect(result.json('Node')[0]).toMatchObject({ number: '79123456789' });
	});

	it.each(DASHED)('CoMagic Start Simple Call: %p', async (phone) => {
		const result = await comagic.run({
			resource: 'call',
			operation: 'startSimpleCall',
			virtualPhoneNumber: { mode: 'list', value: COMAGIC_VIRTUAL_NUMBER },
			contact: phone,
			operator: '+7 926 244-44-91',
			firstCall: 'operator',
		});
		expect(result.status).toBe('success');
		expect(result.json('Node')[0]).toMatchObject({ contact: '79123456789' });
	});

	it('a number outside Russia: CoMagic reads en dashes like hyphens, Voicebox (Russia only) refuses both', () => {
		const kazakhstan = '+7 701 234\u201356\u201378';
		expect(normalizePhone(kazakhstan)).toEqual({ ok: true, phone: '77012345678' });
		expect(normalizePhone(kazakhstan)).toEqual(normalizePhone('+7 701 234-56-78'));
		for (const spelling of [kazakhstan, '+7 701 234-56-78']) {
			expect(normalizeRuPhone(spelling)).toMatchObject({
				ok: false,
				reason: expect.stringContaining('area code'),
			});
		}
	});
});
