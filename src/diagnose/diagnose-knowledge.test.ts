import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSES, POSTMASTER_FRAME, allDiagnoseFindingCodes, diagnoseFinding, fillTemplate } from './diagnose-knowledge.js';

const HERE = import.meta.dirname;
const SOURCES = readdirSync(HERE).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => readFileSync(join(HERE, f), 'utf8')).join('\n');
/** Causes can also be named by data: the receivers' own blocklists lead to theirs. */
const DATA = readFileSync(join(HERE, 'kb', 'provider-blocklists.json'), 'utf8');

/** Every name the evaluators fill (the vocabulary of the templates). */
const NAMES = new Set([
  'recipient', 'domain', 'sender', 'senderDomain', 'fromDomain', 'mailFromDomain', 'ip', 'status', 'reply', 'problem', 'suggestion', 'suggestedAddress',
  'provider', 'distance', 'domainState', 'spfResult', 'spfProblem', 'selector', 'dkimDomain', 'keyProblem', 'policy', 'alignmentReasons', 'lists',
  'removals', 'listName', 'removal', 'ptrProblem', 'hosts', 'host', 'port', 'certProblem', 'mtastsProblem', 'rcptReply', 'tlsNow', 'size', 'sizeText',
  'limit', 'limitText', 'summary', 'userSteps', 'adminSteps', 'inner', 'innerAdmin', 'notBounceReason', 'notCheckedWhy',
]);

describe('diagnose knowledge', () => {
  it('every template names only values the evaluators fill', () => {
    for (const cause of CAUSES.values()) {
      for (const template of [cause.sentence, cause.user, ...cause.admin, ...cause.adminMicrosoft365, cause.postmaster ?? '']) {
        for (const [, name] of template.matchAll(/\{([a-zA-Z0-9]+)\}/g)) expect(NAMES.has(name ?? ''), `${cause.id}: {${name}}`).toBe(true);
      }
    }
    expect([...POSTMASTER_FRAME.matchAll(/\{([a-zA-Z0-9]+)\}/g)].map((m) => m[1]).sort()).toEqual(['byHost', 'evidence', 'recipient', 'reply', 'request', 'sender', 'when']);
  });

  it('every cause is used by the code, and every cause the code names exists', () => {
    // (Causes with a `match` are chosen by it, from the bounce alone.)
    for (const [id, cause] of CAUSES) expect(SOURCES.includes(`'${id}'`) || DATA.includes(`"cause": "${id}"`) || cause.match !== null, id).toBe(true);
    const named = [...SOURCES.matchAll(/causeId(?:: | = [^;]*?\? )'([a-z0-9-]+)'/g)].map((m) => m[1]);
    for (const id of named) expect(CAUSES.has(id ?? ''), id).toBe(true);
  });

  it('every finding code the code uses is documented', () => {
    const used = [...SOURCES.matchAll(/diagnoseFinding\('([a-z0-9.-]+)'/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    for (const code of used) expect(allDiagnoseFindingCodes(), code).toContain(code);
    expect(diagnoseFinding('address.invalid', { address: 'x', problem: 'no @' }).message).toBe('x is not a valid address: no @.');
  });

  it('fillTemplate leaves out a line with a missing value, keeps empty strings, joins lists', () => {
    expect(fillTemplate('add {ip} to SPF', {})).toBeNull();
    expect(fillTemplate('answer{tlsNow} now', { tlsNow: '' })).toBe('answer now');
    expect(fillTemplate('on {lists}', { lists: ['A', 'B'] })).toBe('on A; B');
  });
});
