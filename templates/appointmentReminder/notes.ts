/** The appointment reminder's overview and settings sticky notes (English and Russian). */
export const OVERVIEW_REMINDER = `## Remind patients of tomorrow's visits by robot call

**How it works.** Every minute (or when *Run now* is called) the workflow:
1. **Sweeps** calls that got no status within *sweepMinutes* and treats them as "no answer" (code 5).
2. **Dials** ledger rows whose next attempt is due: re-reads the due visits from the clinic system in one call (cancelled or moved → no call), then *claims* each row (a conditional update that only one execution can win), builds the phrase and starts the campaign call with guid = visit id + attempt.
3. **Writes results** (confirmed / cancelled / operator / unreached / skipped) back through the *Clinic system* sub-workflow, once per visit: *Claim write* lets one execution have each result.
4. **Imports** tomorrow's visits into the ledger (one row per visit; a second import never resets a row).

The **MTT Voicebox Trigger** takes the scenario's status callbacks: 1/2/3 stop the calls (a late answer still wins), 4/5 plan the next attempt (at most *maxAttempts* calls, *intervalMinutes* apart, inside the calling window in the patient's zone). A 4 is provisional: the answer that follows it wins. An unreached patient is flagged for staff, never cancelled. No Wait node holds a patient.

**Setup**
1. Create the Data Table **reminder_ledger** (columns in workflows/README.md) and import *Clinic system* first.
2. In **Settings** set ledgerTableId, clinicWorkflowId, campaignId and the calling policy. Everything a clinic changes is there.
3. Pick your **MTT Voicebox** credential in *Call patient*; in *Voicebox status* create an **MTT Voicebox Trigger API** credential with a long random secret (the same value goes into the blocks' X-Webhook-Secret header) and paste its Production URL into every HTTP block of the scenario (body with call_id, response and guid).
4. n8n 1.x on SQLite needs **DB_SQLITE_POOL_SIZE ≥ 1** (or Postgres). Activate.`;

export const OVERVIEW_REMINDER_RU = `## Напоминание о визите роботом накануне

**Как работает.** Раз в минуту (или по вызову *Run now*) процесс:
1. **Подчищает** звонки без статуса дольше *sweepMinutes* — считает их недозвоном (код 5).
2. **Звонит** по строкам журнала, у которых подошло время: перечитывает визиты в МИС одним вызовом (отменён или перенесён — не звоним), затем *захватывает* строку (условное обновление, выигрывает только один запуск), собирает фразу и запускает звонок кампании с guid = id визита + номер попытки.
3. **Записывает результат** в МИС через подпроцесс *Clinic system*: подтвердил, отменил, оператор, не дозвонились, пропущен — один раз на визит (*Claim write* отдаёт результат одному запуску).
4. **Загружает** визиты на завтра в журнал (одна строка на визит; повторная загрузка не сбрасывает строку).

**MTT Voicebox Trigger** принимает статусы сценария: 1/2/3 — звонки прекращаются (поздний ответ тоже засчитывается), 4/5 — следующая попытка (не больше *maxAttempts* звонков, через *intervalMinutes*, только в окне по времени пациента). 4 — предварительный статус: ответ после него главнее. Недозвон отмечается для администратора, визит **никогда** не отменяется. Узлы Wait не используются.

**Настройка**
1. Создайте Data Table **reminder_ledger** (колонки — в workflows/README.ru.md) и сначала импортируйте *Clinic system*.
2. В узле **Settings** укажите ledgerTableId, clinicWorkflowId, campaignId и правила звонков — всё, что меняет клиника, только там.
3. В *Call patient* выберите учётные данные **MTT Voicebox**; в *Voicebox status* создайте учётные данные **MTT Voicebox Trigger API** с длинным случайным секретом (то же значение — в заголовок X-Webhook-Secret блоков) и вставьте Production URL во все HTTP-блоки сценария (тело с call_id, response и guid).
4. n8n 1.x на SQLite: нужен **DB_SQLITE_POOL_SIZE ≥ 1** (или Postgres). Затем активируйте процесс.`;

export const SETTINGS_NOTE = `### Settings / Настройки
All a clinic changes: ledger table id, Clinic system workflow id, Voicebox campaign id, clinic time zone, calling windows (patient's local time), max attempts, interval, sweep minutes, stale write minutes, stop before visit, pickup code, retry codes, batch size. **pauseCalls** = true before a restart or upgrade: nobody new is dialled and no result written; *Drain status* (GET) says when nothing is in flight.

Всё, что меняет клиника: id таблицы журнала, id подпроцесса Clinic system, id кампании Voicebox, часовой пояс клиники, окна звонков (по местному времени пациента), число попыток, интервал, минуты до «подчистки», через сколько минут снять захват записи упавшего тика, за сколько минут до визита прекратить, код «снял трубку», коды повтора, размер пачки. **pauseCalls** = true перед перезапуском или обновлением: новые звонки не начинаются, итоги не пишутся; *Drain status* (GET) скажет, когда в работе ничего не осталось.`;
