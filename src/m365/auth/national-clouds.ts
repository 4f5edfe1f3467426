/**
 * The Microsoft clouds maildoctor can sign in to and call: authority (sign-in) and Graph
 * endpoint of each, as data (national-clouds.json, with sources), so that a new cloud is a
 * JSON edit.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import cloudsData from './national-clouds.json' with { type: 'json' };

export type CloudId = keyof (typeof cloudsData)['clouds'];

export interface NationalCloud {
  id: CloudId;
  name: string;
  authority: string;
  graph: string;
  /** Whether Microsoft documents the message-trace API for this cloud. */
  messageTrace: boolean;
}

export const CLOUD_IDS = Object.keys(cloudsData.clouds) as CloudId[];

export function nationalCloud(id: string): NationalCloud {
  const entry = (cloudsData.clouds as Record<string, Omit<NationalCloud, 'id'>>)[id];
  if (!entry) throw new ToolkitError('usage', `--cloud must be one of ${CLOUD_IDS.join(', ')}, not ${id}`);
  return { id: id as CloudId, ...entry };
}
