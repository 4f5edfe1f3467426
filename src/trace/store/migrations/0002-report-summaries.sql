-- Message-trace store, version 2: the summaries `trace report` reads instead of the raw rows.
-- Same portable SQL as 0001 (TEXT, BIGINT, INTEGER, composite keys, IF NOT EXISTS). They are
-- kept up to date inside each import's transaction by src/trace/summary/update-trace-summaries.ts:
-- for every message a batch touches, its counts as stored before the batch are taken away and
-- its counts as stored after are added. A row counts at the time `trace query` filters on:
-- received, else its status time.

-- The classification of each distinct failure or deferral text (its first 400 characters),
-- made once with the classifier `explain` uses.
CREATE TABLE IF NOT EXISTS trace_failure_texts (
  text_key TEXT PRIMARY KEY,
  status_code TEXT NOT NULL,
  reply_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  code_id TEXT NOT NULL,
  auth_failure INTEGER NOT NULL
);

-- Per hour and sender: messages, recipients, failed recipients.
CREATE TABLE IF NOT EXISTS trace_hour_senders (
  hour_at BIGINT NOT NULL,
  direction TEXT NOT NULL,
  sender TEXT NOT NULL,
  messages BIGINT NOT NULL,
  recipients BIGINT NOT NULL,
  failed BIGINT NOT NULL,
  PRIMARY KEY (hour_at, direction, sender)
);
CREATE INDEX IF NOT EXISTS trace_hour_senders_sender ON trace_hour_senders (sender, hour_at);

-- Per hour, recipient domain, status and (for failed and pending recipients) the status
-- code and reason of the latest failure or deferral text: recipients.
CREATE TABLE IF NOT EXISTS trace_hour_outcomes (
  hour_at BIGINT NOT NULL,
  direction TEXT NOT NULL,
  recipient_domain TEXT NOT NULL,
  status TEXT NOT NULL,
  status_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  code_id TEXT NOT NULL,
  auth_failure INTEGER NOT NULL,
  recipients BIGINT NOT NULL,
  PRIMARY KEY (hour_at, direction, recipient_domain, status, status_code, reason, code_id, auth_failure)
);
CREATE INDEX IF NOT EXISTS trace_hour_outcomes_domain ON trace_hour_outcomes (recipient_domain, hour_at);

-- Flags of the summaries; 'rebuild' asks the next import or report to summarise everything
-- (set here when rows were imported before this version).
CREATE TABLE IF NOT EXISTS trace_summary_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO trace_summary_state (name, value) SELECT 'rebuild', 'all' WHERE EXISTS (SELECT 1 FROM trace_messages);
