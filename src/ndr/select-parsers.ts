/**
 * Parser order for one message: MTA parsers whose hints (From, Subject, typical headers) match
 * come first, then the other MTA parsers, then the standard formats and the generic path.
 * @module
 */
import type { BounceMessage, MtaParser } from './types.js';
import { FORMAT_PARSERS, MTA_PARSERS } from './mta/registry.js';
import { arfParser } from './formats/arf-feedback.js';

export interface HintedParser extends MtaParser {
  /** Cheap test on headers: true when the message probably comes from this family. */
  hint?(msg: BounceMessage): boolean;
}

export function selectParsers(msg: BounceMessage): MtaParser[] {
  const hinted: MtaParser[] = [];
  const others: MtaParser[] = [];
  for (const parser of MTA_PARSERS as HintedParser[]) {
    if (parser.hint?.(msg)) hinted.push(parser);
    else others.push(parser);
  }
  // Feedback reports are recognised by their MIME type before any MTA parser looks at them.
  return [arfParser, ...hinted, ...others, ...FORMAT_PARSERS.filter((p) => p !== arfParser)];
}
