import type { ServerResponse } from 'node:http';

import type { CallRecord, CoMagicState } from './model/state';

/**
 * Recordings, at the links get.calls_report gives (https://comagic.github.io/data_api/report/get_calls_report/):
 * `…/system/media/talk/{communication_id}/{hash}/` (MP3), `…/system/media/wav/…/`
 * (WAV) and the merged `full_record_file_link` (media host, here under /comagic/media/). Served without auth:
 * the links are capability URLs. The communication id and the call session id coincide in this simulator.
 */

// MPEG-1 Layer III, 32 kbit/s, 32 kHz, mono, no CRC: FF FB 18 C0; 144 bytes a frame, 1152 samples (36 ms).
// An all-zero side info and main data decode as digital silence.
const MP3_FRAME = (() => {
	const frame = Buffer.alloc(144);
	frame.set([0xff, 0xfb, 0x18, 0xc0]);
	return frame;
})();
const MP3_FRAMES_PER_SECOND = 32000 / 1152;

const mp3Cache = new Map<number, Buffer>();

export function silentMp3(seconds: number): Buffer {
	const frames = Math.max(1, Math.round(seconds * MP3_FRAMES_PER_SECOND));
	let buffer = mp3Cache.get(frames);
	if (!buffer) {
		buffer = Buffer.concat(Array.from({ length: frames }, () => MP3_FRAME));
		mp3Cache.set(frames, buffer);
	}
	return buffer;
}

/** 8 kHz 16-bit mono PCM silence in a RIFF/WAVE container. */
export function silentWav(seconds: number): Buffer {
	const dataBytes = Math.max(1, Math.round(seconds * 8000)) * 2;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(8000, 24);
	header.writeUInt32LE(16000, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(dataBytes, 40);
	return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

export function talkLink(baseUrl: string, call: CallRecord): string | null {
	return call.recordHash ? `${baseUrl}/system/media/talk/${call.id}/${call.recordHash}/` : null;
}

export function wavLink(baseUrl: string, call: CallRecord): string | null {
	return call.recordHash ? `${baseUrl}/system/media/wav/${call.id}/${call.recordHash}/` : null;
}

export function fullRecordLink(baseUrl: string, call: CallRecord): string | null {
	return call.recordHash ? `${baseUrl}/comagic/media/${call.id}/${call.recordHash}` : null;
}

const ROUTE = /^\/(?:system\/media\/(talk|wav)|comagic\/(media))\/(\d+)\/([0-9a-f]{32})\/?$/;

/** Answers a recording request; false when the path is not a recording path. */
export function handleRecording(
	state: CoMagicState,
	method: string,
	path: string,
	res: ServerResponse,
): boolean {
	const match = ROUTE.exec(path);
	if (!match || (method !== 'GET' && method !== 'HEAD')) return false;
	const kind = match[1] ?? match[2];
	const call = state.byId.get(Number(match[3]));
	if (!call || call.recordHash !== match[4]) {
		res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' });
		res.end('Not Found');
		return true;
	}
	const seconds = Math.min(call.talkSeconds, state.config.maxRecordingSeconds);
	const wav = kind === 'wav';
	const bytes = wav ? silentWav(seconds) : silentMp3(seconds);
	res.writeHead(200, {
		'Content-Type': wav ? 'audio/wav' : 'audio/mpeg',
		'Content-Length': bytes.length,
		'Content-Disposition': `attachment; filename="${call.id}_${call.recordHash}.${wav ? 'wav' : 'mp3'}"`,
	});
	res.end(method === 'HEAD' ? undefined : bytes);
	return true;
}
