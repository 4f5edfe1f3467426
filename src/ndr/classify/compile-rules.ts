/**
 * Validates and compiles the classification knowledge (kb/phrases/*.json, kb/providers/*.json)
 * once at load time: phrases lower-cased, patterns compiled, status constraints normalised.
 * A broken rule file stops start-up with the file and rule named (a configuration error).
 * @module
 */
import { ToolkitError } from '../../core/errors.js';
import { isReason, type Reason } from './reasons.js';

/** A rule as written in a knowledge file. */
export interface RuleSource {
  id: string;
  reason?: string;
  /** Lower-case substrings; any one matches. */
  phrases?: string[];
  /** Regular expressions (case-insensitive); any one matches. */
  patterns?: string[];
  /** Enhanced status codes (`5.7.1`) or prefixes (`5.7.`, `5.`) the status must match. */
  status?: string[];
  /** SMTP reply codes (`550`) or prefixes (`5`) the reply code must match. */
  replyCode?: string[];
  /** SMTP commands (`RCPT`, `DATA`, ...) the failure must have happened at. */
  command?: string[];
  source: string;
  seen?: string;
  examples: string[];
  note?: string;
}

export interface PhraseFileSource {
  reason: string;
  rules: RuleSource[];
}

export interface ProviderFileSource {
  provider: string;
  description?: string;
  /** Host-name suffixes of the provider's servers (`.google.com`, `outlook.com`). */
  hosts: string[];
  /** Recipient domains the provider serves, for reports that name no remote host. */
  domains?: string[];
  rules: RuleSource[];
}

export interface CompiledRule {
  id: string;
  reason: Reason;
  phrases: string[];
  patterns: RegExp[];
  status: string[];
  replyCode: string[];
  command: string[];
  source: string;
  examples: string[];
  origin: string;
}

export interface CompiledProvider {
  provider: string;
  hosts: string[];
  domains: string[];
  rules: CompiledRule[];
  origin: string;
}

function fail(origin: string, id: string, problem: string): never {
  throw new ToolkitError('knowledge-invalid', `${origin}: rule ${id}: ${problem}`);
}

export function compileRule(rule: RuleSource, fallbackReason: string | undefined, origin: string): CompiledRule {
  const id = typeof rule.id === 'string' && rule.id ? rule.id : fail(origin, '?', 'missing id');
  const reason = rule.reason ?? fallbackReason;
  if (!isReason(reason)) fail(origin, id, `unknown reason ${String(reason)}`);
  if (typeof rule.source !== 'string' || !rule.source) fail(origin, id, 'missing source');
  if (!Array.isArray(rule.examples) || rule.examples.length === 0) fail(origin, id, 'needs at least one example');
  const phrases = (rule.phrases ?? []).map((p) => p.toLowerCase().replace(/\s+/g, ' ').trim());
  if (phrases.some((p) => p.length === 0)) fail(origin, id, 'empty phrase');
  const patterns = (rule.patterns ?? []).map((source) => {
    try {
      return new RegExp(source, 'i');
    } catch (error) {
      return fail(origin, id, `bad pattern ${source}: ${(error as Error).message}`);
    }
  });
  return {
    id, reason, phrases, patterns,
    status: (rule.status ?? []).map((s) => s.replace(/\*$/, '')),
    replyCode: rule.replyCode ?? [],
    command: (rule.command ?? []).map((c) => c.toUpperCase()),
    source: rule.source, examples: rule.examples, origin,
  };
}

export function compilePhraseFile(file: PhraseFileSource, origin: string): CompiledRule[] {
  if (!isReason(file.reason)) fail(origin, '-', `unknown reason ${file.reason}`);
  return file.rules.map((rule) => compileRule(rule, file.reason, origin));
}

export function compileProviderFile(file: ProviderFileSource, origin: string): CompiledProvider {
  if (!file.provider || !Array.isArray(file.hosts)) fail(origin, '-', 'provider and hosts are required');
  return {
    provider: file.provider,
    hosts: file.hosts.map((h) => h.toLowerCase()),
    domains: (file.domains ?? []).map((d) => d.toLowerCase()),
    rules: file.rules.map((rule) => compileRule(rule, undefined, origin)),
    origin,
  };
}

/** Checks ids are unique across all compiled rules. */
export function assertUniqueIds(rules: readonly CompiledRule[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const other = seen.get(rule.id);
    if (other) fail(rule.origin, rule.id, `id also used in ${other}`);
    seen.set(rule.id, rule.origin);
  }
}
