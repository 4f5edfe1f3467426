/**
 * Named limits for untrusted input. Every parser that reads a message, a CSV file or a network
 * answer takes its bounds from here, so that no input can make the toolkit use unbounded time or
 * memory (compare postal-mime's MAX_NESTING_DEPTH and mailauth's lookup limits).
 * @module
 */

/** Largest message read for analysis; the rest is cut off and a note says so. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Largest header block of one MIME entity. Longer blocks are cut, with a note. */
export const MAX_HEADER_BYTES = 512 * 1024;
/** Most header fields kept per MIME entity. */
export const MAX_HEADER_FIELDS = 2_000;
/** Longest single header value the header analysis parses; longer values are cut, with a note. */
export const MAX_HEADER_VALUE_CHARS = 64 * 1024;
/** Most Received headers read as hops by the header analysis (RFC 5321 section 6.3 loop detection uses 100). */
export const MAX_RECEIVED_HOPS = 100;
/** Most MIME parts walked in one message, across all levels. */
export const MAX_MIME_PARTS = 500;
/** Deepest MIME nesting (multipart inside multipart, message/rfc822 inside message/rfc822). */
export const MAX_MIME_DEPTH = 12;
/** Most text decoded from one part; bounce reports are short, so this only cuts junk. */
export const MAX_TEXT_PART_CHARS = 2 * 1024 * 1024;
/** Most characters of body text the classifier scans per message. */
export const MAX_SCAN_TEXT_CHARS = 256 * 1024;
/** Longest line kept when scanning a report's text; longer lines are cut (real report lines are short). */
export const MAX_LINE_CHARS = 4 * 1024;
/** Longest diagnostic text (the remote server's words) kept per recipient. */
export const MAX_DIAGNOSTIC_CHARS = 8 * 1024;
/** Longest e-mail address considered (RFC 5321 section 4.5.3.1 allows 64 + 1 + 255). */
export const MAX_ADDRESS_CHARS = 320;
/** Most recipients reported per message. */
export const MAX_RECIPIENTS = 1_000;
/** Most messages read from one mbox file. */
export const MAX_MBOX_MESSAGES = 1_000_000;
/** Most input files walked from the directories given on one command line. */
export const MAX_INPUT_FILES = 10_000_000;
/** Deepest storage nesting read from an Outlook .msg file; each embedded message adds two levels. */
export const MAX_MSG_STORAGE_DEPTH = 16;
/** Largest HTTPS body read (an MTA-STS policy is a few lines; RFC 8461 section 3.3 asks senders to bound the fetch). */
export const MAX_HTTPS_BODY_BYTES = 64 * 1024;
/** Largest message-trace export read (EAC downloads stop at 500 MB; a UTF-16 file doubles that). */
export const MAX_TRACE_FILE_BYTES = 4 * 1024 * 1024 * 1024;
/** Longest single row (record) of a message-trace export, in characters; extended reports carry long custom_data. */
export const MAX_TRACE_ROW_CHARS = 1024 * 1024;
/** Most columns (CSV fields or JSON keys) in one message-trace row; the widest known export has about 30. */
export const MAX_TRACE_FIELDS = 256;
/** Longest text kept per stored trace field (subjects, event details, custom data); longer values are cut. */
export const MAX_TRACE_FIELD_CHARS = 16 * 1024;
/** Most unreadable rows listed one by one for a file; the rest are counted. */
export const MAX_TRACE_SKIPPED_LISTED = 1_000;
/** Start of a trace failure or deferral text that is classified and kept in the report summaries (replies put the code and the cause first; PostgreSQL's b-tree keys must stay under about 2,700 bytes). */
export const MAX_TRACE_FAILURE_TEXT_CHARS = 400;
/** How long `--db postgres://...` waits for the server to accept a connection (libpq's connect_timeout has no default; pg waits forever). */
export const PG_CONNECT_TIMEOUT_MS = 10_000;
/** Largest body of the HTTP API's JSON and message routes: a message at MAX_MESSAGE_BYTES sent as base64 inside JSON (4/3 larger), plus room for the JSON around it. */
export const MAX_API_BODY_BYTES = Math.ceil(MAX_MESSAGE_BYTES / 3) * 4 + 64 * 1024;
/** Largest message-trace export uploaded to the HTTP API (POST /api/trace/import); `serve --max-upload-mb` changes it, up to MAX_TRACE_FILE_BYTES. */
export const MAX_API_UPLOAD_BYTES = 1024 * 1024 * 1024;
/** Most rows one trace query of the HTTP API returns (the CLI's --limit 0, all rows, is not offered over HTTP). */
export const MAX_API_TRACE_ROWS = 10_000;
/** Largest Exchange Online PowerShell JSON export read by `m365 config analyze` (a large tenant's transport rules are a few MB; UTF-16 doubles it). */
export const MAX_M365_EXPORT_BYTES = 64 * 1024 * 1024;
/** Most objects read from one such export. */
export const MAX_M365_EXPORT_OBJECTS = 100_000;
/** Largest Microsoft Graph response body read (a page of 5,000 message-trace rows is about 2.5 MB). */
export const MAX_GRAPH_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Time limit of one Microsoft Graph request, connection to last byte. */
export const GRAPH_REQUEST_TIMEOUT_MS = 60_000;
/** Most pages followed through @odata.nextLink for one Graph query. */
export const MAX_GRAPH_PAGES = 1_000;
/** Longest Retry-After honoured after HTTP 429/503, in seconds; a longer one ends the run with a message. */
export const MAX_GRAPH_RETRY_AFTER_SECONDS = 300;
/** Most retries of one Graph request after HTTP 429/503. */
export const MAX_GRAPH_RETRIES = 5;
