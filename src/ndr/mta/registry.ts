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
import { gmailParser } from './gmail.js';
import { googleWorkspaceParser } from './googleworkspace.js';
import { googleGroupsParser } from './googlegroups.js';
import { yahooParser } from './yahoo.js';
import { zohoParser } from './zoho.js';
import { mailRuParser } from './mailru.js';
import { verizonParser } from './verizon.js';
import { courierParser } from './courier.js';
import { dragonFlyParser } from './dragonfly.js';
import { openSmtpdParser } from './opensmtpd.js';
import { postfixParser } from './postfix.js';
import { unknownX1Parser } from './unknown-x1.js';
import { unknownX2Parser } from './unknown-x2.js';
import { unknownX3Parser } from './unknown-x3.js';
import { unknownX5Parser } from './unknown-x5.js';
import { unknownX6Parser } from './unknown-x6.js';
import { sendmailParser } from './sendmail.js';
import { activehunterParser } from './activehunter.js';
import { bigfootParser } from './bigfoot.js';
import { amazonSesParser } from './amazonses.js';
import { amazonWorkMailParser } from './amazonworkmail.js';
import { receivingSesParser } from './receivingses.js';
import { amavisParser } from './amavis.js';
import { barracudaParser } from './barracuda.js';
import { ezwebParser } from './ezweb.js';
import { fmlParser } from './fml.js';
import { kddiParser } from './kddi.js';
import { mailMarshalParser } from './mailmarshal.js';
import { mcAfeeParser } from './mcafee.js';
import { messageLabsParser } from './messagelabs.js';
import { mFilterParser } from './mfilter.js';
import { mimecastParser } from './mimecast.js';
import { mxLogicParser } from './mxlogic.js';
import { powerMtaParser } from './powermta.js';
import { surfControlParser } from './surfcontrol.js';
import { trendMicroParser } from './trendmicro.js';
import { v5sendmailParser } from './v5sendmail.js';
import { eximParser } from './exim.js';
import { qmailParser } from './qmail.js';
import { einsUndEinsParser } from './einsundeins.js';
import { dominoParser } from './domino.js';
import { imailParser } from './imail.js';
import { messagingServerParser } from './messagingserver.js';
import { sendGridParser } from './sendgrid.js';
import { yandexParser } from './yandex.js';
import { gmxParser } from './gmx.js';
import { mailgunParser } from './mailgun.js';
import { softBankParser } from './softbank.js';
import { biglobeParser } from './biglobe.js';

/** MTA-family parsers, tried before the standard formats. A new family is one line here. */
export const MTA_PARSERS: MtaParser[] = [
  outlookComParser,
  exchange2003Parser,
  exchangeOnlineParser,
  exchangeServerParser,
  gmailParser,
  googleWorkspaceParser,
  googleGroupsParser,
  yahooParser,
  zohoParser,
  mailRuParser,
  yandexParser,
  verizonParser,
  amazonWorkMailParser,
  receivingSesParser,
  amazonSesParser,
  sendGridParser,
  mailgunParser,
  powerMtaParser,
  barracudaParser,
  mcAfeeParser,
  mxLogicParser,
  mimecastParser,
  messageLabsParser,
  trendMicroParser,
  surfControlParser,
  mailMarshalParser,
  mFilterParser,
  amavisParser,
  fmlParser,
  kddiParser,
  ezwebParser,
  softBankParser,
  biglobeParser,
  activehunterParser,
  bigfootParser,
  v5sendmailParser,
  sendmailParser,
  einsUndEinsParser,
  gmxParser,
  eximParser,
  qmailParser,
  dominoParser,
  imailParser,
  messagingServerParser,
  postfixParser,
  openSmtpdParser,
  courierParser,
  dragonFlyParser,
  unknownX1Parser,
  unknownX2Parser,
  unknownX3Parser,
  unknownX5Parser,
  unknownX6Parser,
];

/** Standard formats and the generic path, in order, after the MTA families. */
export const FORMAT_PARSERS: MtaParser[] = [arfParser, rfc3464Parser, rfc3834Parser, genericTextParser];
