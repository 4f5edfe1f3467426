/**
 * The parser registry: every MTA-family parser (one file each), then the standard formats,
 * then the generic path. `selectParsers` puts the parsers whose hints match a message first.
 * @module
 */
import { arfParser } from '../formats/arf-feedback.js';
import { rfc3464Parser } from '../formats/rfc3464-dsn.js';
import { rfc3834Parser } from '../formats/rfc3834-autoreply.js';
import type { MtaParser } from '../types.js';
import { exchange2003Parser } from './exchange-2003.js';
import { exchangeOnlineParser } from './exchange-online.js';
import { exchangeServerParser } from './exchange-server.js';
import { genericTextParser } from './generic-text.js';
import { outlookComParser } from './outlook-com.js';

/** MTA-family parsers, tried before the standard formats. A new family is one line here. */
export const MTA_PARSERS: MtaParser[] = [
  outlookComParser,
  exchange2003Parser,
  exchangeOnlineParser,
  exchangeServerParser,
];

/** Standard formats and the generic path, in order, after the MTA families. */
export const FORMAT_PARSERS: MtaParser[] = [arfParser, rfc3464Parser, rfc3834Parser, genericTextParser];
