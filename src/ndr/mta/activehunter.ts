/**
 * Active!Hunter (a Japanese mail filter gateway) reports. They copy Sendmail's layout with
 * small changes: the failed address is listed as `>>> bob@example.org <bob@example.org>`, and
 * the "transcript" is only the remote reply, without `>>>`/`<<<` lines or a DSN part. The
 * gateway marks its reports with an X-AHMailID header field.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser } from '../types.js';
import { parseSendmailReport } from './sendmail.js';

function isActiveHunter(msg: BounceMessage): boolean {
  return header(msg.headers, 'x-ahmailid') !== null;
}

export const activehunterParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'activehunter',
  description: 'Active!Hunter gateway reports (Sendmail-like layout, X-AHMailID)',
  hint: isActiveHunter,
  parse(msg) {
    if (!isActiveHunter(msg)) return null;
    return parseSendmailReport(msg, 'activehunter');
  },
};
