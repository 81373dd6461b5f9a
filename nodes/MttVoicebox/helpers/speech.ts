/**
 * Text a Voicebox robot reads aloud: the one definition Start Campaign Call filters variables with and Build Visit
 * Phrase writes in, so a built phrase goes out unchanged. The TTS stumbles on symbols (the seed integration had to
 * strip them), so only letters, digits, spaces, `:` (times like 11:30 read well) and `,` (a short pause the engine
 * reads well: «Эндоскопист, 4 июня, в 11:30») stay; everything else becomes a space.
 */
const UNSPEAKABLE = /[^\p{L}\p{M}\p{N}\s:,]+/gu;

/** For descriptions and messages, so the UI states the same rule. */
export const SPEAKABLE_CHARACTERS = 'letters, digits, spaces, ":" and ","';

export function makeSpeakable(text: string): string {
	return (
		text
			.normalize('NFC')
			.replace(UNSPEAKABLE, ' ')
			.replace(/\s+/g, ' ')
			.replace(/ ,/g, ',')
			// one pause, however many removed symbols stood between the commas
			.replace(/,(?: ?,)+/g, ',')
			// a pause at the very start or end is only silence
			.replace(/^[ ,]+|[ ,]+$/g, '')
			// «Корсакова,д» → «Корсакова, д»; a decimal comma (1,5) keeps its digits together
			.replace(/,(?=\p{L})/gu, ', ')
	);
}
