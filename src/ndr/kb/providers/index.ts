/**
 * Provider knowledge files (what a receiving provider means by its own rejection texts), in
 * the order they are tried. A new provider is a new JSON file plus one line here.
 * @module
 */
import type { ProviderFileSource } from '../../classify/compile-rules.js';
import google from './google.json' with { type: 'json' };
import yahoo from './yahoo.json' with { type: 'json' };
import aol from './aol.json' with { type: 'json' };
import apple from './apple.json' with { type: 'json' };
import zoho from './zoho.json' with { type: 'json' };
import cox from './cox.json' with { type: 'json' };
import facebook from './facebook.json' with { type: 'json' };
import godaddy from './godaddy.json' with { type: 'json' };
import tencent from './tencent.json' with { type: 'json' };
import iua from './iua.json' with { type: 'json' };
import franceptt from './franceptt.json' with { type: 'json' };
import mimecast from './mimecast.json' with { type: 'json' };
import messagelabs from './messagelabs.json' with { type: 'json' };
import kddi from './kddi.json' with { type: 'json' };
import nttdocomo from './nttdocomo.json' with { type: 'json' };

export const PROVIDER_FILES: [string, ProviderFileSource][] = [
  ['providers/google.json', google],
  ['providers/yahoo.json', yahoo],
  ['providers/aol.json', aol],
  ['providers/apple.json', apple],
  ['providers/zoho.json', zoho],
  ['providers/cox.json', cox],
  ['providers/facebook.json', facebook],
  ['providers/godaddy.json', godaddy],
  ['providers/tencent.json', tencent],
  ['providers/iua.json', iua],
  ['providers/franceptt.json', franceptt],
  ['providers/mimecast.json', mimecast],
  ['providers/messagelabs.json', messagelabs],
  ['providers/kddi.json', kddi],
  ['providers/nttdocomo.json', nttdocomo],
];
