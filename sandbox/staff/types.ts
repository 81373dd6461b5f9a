/** What the staff channels received, as GET /_control/staff/messages lists it (oldest first). */
export interface TelegramMessage {
	channel: 'telegram';
	/** sandbox clock, ISO */
	at: string;
	/** as sent (`chat_id` may be a number or an @channel name), always a string here */
	chatId: string;
	text: string;
	/** `parse_mode` as sent (HTML, Markdown, MarkdownV2), if any */
	parseMode?: string;
	/** what sendMessage answered; counts per chat, as Telegram's do */
	messageId: number;
}

export interface EmailMessage {
	channel: 'email';
	at: string;
	/** the From header, decoded (`Клиника <clinic@example.ru>`); the envelope sender when there is none */
	from: string;
	/** the envelope recipients (RCPT TO): who the mail reached, Bcc included */
	to: string[];
	/** decoded (RFC 2047) */
	subject: string;
	/** the text/plain part, decoded; the text of the HTML part when the mail has no plain one */
	text: string;
	/** the text/html part, when there is one */
	html?: string;
}

export type StaffMessage = TelegramMessage | EmailMessage;

/** Switches of PUT /_control/staff/config; reset() clears them. */
export interface StaffConfig {
	/** every Bot API method answers 502 (nothing recorded) */
	telegramDown: boolean;
	/** MAIL FROM gets 421 and the connection closes (nothing recorded) */
	smtpDown: boolean;
	/** the one bot token accepted; null: any */
	telegramToken: string | null;
}
