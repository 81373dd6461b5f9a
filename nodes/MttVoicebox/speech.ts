/**
 * Text a Voicebox robot reads aloud. Its TTS stumbles on symbols (the seed integration had to strip them), so values
 * keep only letters, digits, spaces and `:` (times like 11:30 read well); everything else becomes a space.
 */
const UNSPEAKABLE = /[^\p{L}\p{M}\p{N}\s:]+/gu;

export function makeSpeakable(text: string): string {
	return text.normalize('NFC').replace(UNSPEAKABLE, ' ').replace(/\s+/g, ' ').trim();
}
