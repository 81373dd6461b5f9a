import type { StaffConfig, StaffMessage } from './types';

/** Messages both channels received, in order, and the switches; one object so that reset() clears all of it. */
export class StaffState {
	messages: StaffMessage[] = [];
	config: StaffConfig;
	/** Telegram numbers messages per chat */
	private lastMessageId = new Map<string, number>();

	constructor(telegramToken: string | null) {
		this.config = { telegramDown: false, smtpDown: false, telegramToken };
	}

	nextMessageId(chatId: string): number {
		const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
		this.lastMessageId.set(chatId, id);
		return id;
	}
}
