-- Message-trace store, version 3: the keys of the three row tables become unique indexes
-- instead of PRIMARY KEY constraints. Same columns, same uniqueness, same ON CONFLICT targets
-- (both SQLite and PostgreSQL take a unique index as the arbiter of ON CONFLICT (columns)).
-- What changes: an index can be dropped and built again, a constraint (SQLite's automatic
-- index) cannot. A large import into an empty SQLite store (sqlite-store.ts, "bulk load")
-- writes the rows without any index and builds every index once, sorted, at the end, which
-- is several times cheaper than a million inserts at random places of the key indexes.
-- Portable SQL as in 0001: the tables are copied, dropped (with their indexes) and renamed.

CREATE TABLE trace_messages_v3 (
  message_key TEXT NOT NULL,
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
INSERT INTO trace_messages_v3 (message_key, message_trace_id, network_message_id, message_id, sender, sender_domain, subject, size, direction, from_ip, to_ip, client_ip, received_at)
  SELECT message_key, message_trace_id, network_message_id, message_id, sender, sender_domain, subject, size, direction, from_ip, to_ip, client_ip, received_at FROM trace_messages;
DROP TABLE trace_messages;
ALTER TABLE trace_messages_v3 RENAME TO trace_messages;
CREATE UNIQUE INDEX trace_messages_key ON trace_messages (message_key);
CREATE INDEX trace_messages_received ON trace_messages (received_at);
CREATE INDEX trace_messages_sender ON trace_messages (sender);
CREATE INDEX trace_messages_sender_domain ON trace_messages (sender_domain);
CREATE INDEX trace_messages_message_id ON trace_messages (message_id);

CREATE TABLE trace_recipients_v3 (
  message_key TEXT NOT NULL,
  recipient TEXT NOT NULL,
  recipient_domain TEXT NOT NULL,
  status TEXT,
  status_at BIGINT
);
INSERT INTO trace_recipients_v3 (message_key, recipient, recipient_domain, status, status_at)
  SELECT message_key, recipient, recipient_domain, status, status_at FROM trace_recipients;
DROP TABLE trace_recipients;
ALTER TABLE trace_recipients_v3 RENAME TO trace_recipients;
CREATE UNIQUE INDEX trace_recipients_key ON trace_recipients (message_key, recipient);
CREATE INDEX trace_recipients_recipient ON trace_recipients (recipient);
CREATE INDEX trace_recipients_domain_status ON trace_recipients (recipient_domain, status);
CREATE INDEX trace_recipients_status ON trace_recipients (status, status_at);

CREATE TABLE trace_events_v3 (
  message_key TEXT NOT NULL,
  recipient TEXT NOT NULL,
  event TEXT NOT NULL,
  event_at BIGINT NOT NULL,
  action TEXT,
  detail TEXT,
  data TEXT
);
INSERT INTO trace_events_v3 (message_key, recipient, event, event_at, action, detail, data)
  SELECT message_key, recipient, event, event_at, action, detail, data FROM trace_events;
DROP TABLE trace_events;
ALTER TABLE trace_events_v3 RENAME TO trace_events;
CREATE UNIQUE INDEX trace_events_key ON trace_events (message_key, recipient, event, event_at)
