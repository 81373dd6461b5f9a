import { DateTime } from 'luxon';

import { halveWindow, splitWindows, windowsBack } from '../../nodes/CoMagic/transport/windows';

const ZONE = 'Europe/Moscow';
const at = (text: string) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: ZONE });

describe('splitWindows (reports take at most 3 months)', () => {
	it('keeps a range of up to 3 months whole', () => {
		expect(splitWindows(at('2026-01-01 00:00:00'), at('2026-04-01 00:00:00'))).toEqual([
			{ from: '2026-01-01 00:00:00', till: '2026-04-01 00:00:00' },
		]);
	});

	it('splits 4 months into 3 + 1 with the next window one second after the last', () => {
		expect(splitWindows(at('2026-01-15 10:00:00'), at('2026-05-15 09:59:59'))).toEqual([
			{ from: '2026-01-15 10:00:00', till: '2026-04-15 10:00:00' },
			{ from: '2026-04-15 10:00:01', till: '2026-05-15 09:59:59' },
		]);
	});

	it('covers a year in 5 windows across the year end, each within 3 calendar months', () => {
		const windows = splitWindows(at('2025-11-30 12:00:00'), at('2026-11-30 12:00:00'));
		expect(windows).toHaveLength(5);
		for (const w of windows) expect(at(w.till) <= at(w.from).plus({ months: 3 })).toBe(true);
		for (let i = 1; i < windows.length; i++) {
			expect(at(windows[i].from).toMillis()).toBe(at(windows[i - 1].till).toMillis() + 1000);
		}
		expect(windows[windows.length - 1].till).toBe('2026-11-30 12:00:00');
	});

	it('gives nothing for a reversed range', () => {
		expect(splitWindows(at('2026-02-01 00:00:00'), at('2026-01-01 00:00:00'))).toEqual([]);
	});
});

describe('halveWindow and windowsBack', () => {
	it('halves a window into two touching halves', () => {
		expect(halveWindow({ from: '2026-01-01 00:00:00', till: '2026-01-01 00:00:09' })).toEqual([
			{ from: '2026-01-01 00:00:00', till: '2026-01-01 00:00:04' },
			{ from: '2026-01-01 00:00:05', till: '2026-01-01 00:00:09' },
		]);
		expect(halveWindow({ from: '2026-01-01 00:00:00', till: '2026-01-01 00:00:00' })).toHaveLength(
			1,
		);
	});

	it('walks back newest first over the given months', () => {
		expect(windowsBack(at('2025-12-01 00:00:00'), at('2026-07-01 00:00:00'))).toEqual([
			{ from: '2026-04-01 00:00:00', till: '2026-07-01 00:00:00' },
			{ from: '2025-12-31 23:59:59', till: '2026-03-31 23:59:59' },
			{ from: '2025-12-01 00:00:00', till: '2025-12-31 23:59:58' },
		]);
	});
});
