/** What the MTT Voicebox node tells the user about a status 4 (posted at pickup, before the answer). */
import type { INodeParameters } from 'n8n-workflow';

import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';
import { shownProperties } from '../harness/editor';

const description = new MttVoicebox().description;

function shownNotices(values: INodeParameters): string[] {
	return shownProperties(description, values)
		.filter((p) => p.type === 'notice')
		.map((p) => p.displayName);
}

describe('Plan Next Attempt on a 4', () => {
	it('its notice says a 4 is provisional and when to plan from it', () => {
		const text = shownNotices({ operation: 'planNextAttempt' }).join('\n');
		expect(text).toContain(
			'4 is posted at pickup; a 1/2/3 for the same call may follow and then wins; treat 4 as hung up only if nothing else arrives.',
		);
		expect(text).toContain('Plan from a 4 only once no final answer came for that call');
		expect(shownNotices({ operation: 'buildVisitPhrase' }).join('\n')).not.toContain('pickup');
	});

	it('the Outcome field says the same, and 4 stays in the default Retry Outcomes', () => {
		const outcome = description.properties.find((p) => p.name === 'outcome')!;
		expect(outcome.description).toContain(
			'A 4 is posted at pickup and a later 1/2/3 for the same call wins',
		);
		const options = description.properties.find(
			(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('planNextAttempt'),
		)!;
		const retry = (options.options as Array<{ name: string; default: unknown }>).find(
			(o) => o.name === 'retryOutcomes',
		)!;
		expect(
			String(retry.default)
				.split(',')
				.map((s) => s.trim()),
		).toContain('4');
	});
});
