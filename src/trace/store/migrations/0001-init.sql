-- Message-trace store, version 1. Written in the SQL that SQLite and PostgreSQL share
-- (TEXT, BIGINT, composite primary keys, IF NOT EXISTS), so one file serves both stores.
-- Times are BIGINT milliseconds since 1970 UTC, whole seconds.

-- One row per message: the trace id / network message id (else 'mid:' + Message-ID).
CREATE TABLE IF NOT EXISTS trace_messages (
  message_key TEXT PRIMARY KEY,
  message_trace_id TEXT,
  network_message_id TEXT,
  message_id TEXT,
  sender TEXT,
  sender_domain TEXT,
  subject TEXT,
  size BIGINT,
  direction TEXT,
  from_ip TEXT,
  to_ip TEXT,
  client_ip TEXT,
  received_at BIGINT
);

-- The latest known status of one message for one recipient (latest wins, see merge-status.ts).
CREATE TABLE IF NOT EXISTS trace_recipients (
  message_key TEXT NOT NULL,
  recipient TEXT NOT NULL,
  recipient_domain TEXT NOT NULL,
  status TEXT,
  status_at BIGINT,
  PRIMARY KEY (message_key, recipient)
);

-- Every event seen; the time is part of the key so that retries (DEFER, DEFER, ...) stay apart
-- while the same event read again from an overlapping export adds nothing.
CREATE TABLE IF NOT EXISTS trace_events (
  message_key TEXT NOT NULL,
  recipient TEXT NOT NULL,
  event TEXT NOT NULL,
  event_at BIGINT NOT NULL,
  action TEXT,
  detail TEXT,
  data TEXT,
  PRIMARY KEY (message_key, recipient, event, event_at)
);

CREATE INDEX IF NOT EXISTS trace_messages_received ON trace_messages (received_at);
CREATE INDEX IF NOT EXISTS trace_messages_sender ON trace_messages (sender);
CREATE INDEX IF NOT EXISTS trace_messages_sender_domain ON trace_messages (sender_domain);
CREATE INDEX IF NOT EXISTS trace_messages_message_id ON trace_messages (message_id);
CREATE INDEX IF NOT EXISTS trace_recipients_recipient ON trace_recipients (recipient);
CREATE INDEX IF NOT EXISTS trace_recipients_domain_status ON trace_recipients (recipient_domain, status);
CREATE INDEX IF NOT EXISTS trace_recipients_status ON trace_recipients (status, status_at);
