/**
 * The SPF check: the record of a domain and its whole tree, validated against RFC 7208 (one
 * record, syntax, known mechanisms, the lookup and void-lookup limits counted exactly), and,
 * given an IP, the evaluation for that IP with its trace.
 * @module
 */
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import { finding } from '../kb/findings.js';
import type { CheckFinding, CheckOutcome, CheckResult, CheckStatus } from '../types.js';
import { spfAllowedRanges } from './allowed-ranges.js';
import { evaluateSpf, type SpfEvaluation } from './evaluate-spf.js';
import { evaluateSpfTree, type SpfData, type SpfRangeData } from './evaluate-spf-tree.js';
import { getSpfTree, type SpfTree } from './get-spf-tree.js';

export type { SpfData, SpfRangeData };

export interface SpfCheckOptions {
  /** Evaluate for this connecting IP. */
  ip?: string;
  /** MAIL FROM for the evaluation (postmaster@domain when absent). */
  sender?: string;
  helo?: string;
  /** Without `ip`: list the sending ranges the tree allows and evaluate SPF for each. */
  ranges?: boolean;
}


const EVALUATION_FINDING = {
  pass: 'spf.pass-for-ip',
  fail: 'spf.fail-for-ip',
  softfail: 'spf.softfail-for-ip',
  neutral: 'spf.neutral-for-ip',
  none: 'spf.neutral-for-ip',
} as const;

function withEvaluation(outcome: CheckOutcome<SpfData>, evaluation: SpfEvaluation): CheckOutcome<SpfData> {
  const findings: CheckFinding[] = [...outcome.findings];
  let status: CheckStatus = outcome.status;
  const { result } = evaluation;
  if (result === 'permerror' || result === 'temperror') {
    const problem = evaluation.problem;
    if (problem && !findings.some((f) => f.code === problem.code)) findings.push(finding(problem.code, problem.vars));
    status = result;
  } else {
    const matched = evaluation.matched;
    findings.push(
      finding(EVALUATION_FINDING[result], {
        ip: evaluation.ip,
        domain: evaluation.domain,
        result,
        term: matched?.term ?? 'no term matched',
        at: matched?.domain ?? evaluation.domain,
        depth: matched?.depth ?? 0,
      }),
    );
    if (result === 'fail') status = 'fail';
    else if ((result === 'softfail' || result === 'neutral' || result === 'none') && status === 'pass') status = 'warn';
  }
  return { ...outcome, status, findings, data: { ...outcome.data, evaluation } };
}

/** SPF evaluated for the network address of every range the tree allows (answers are cached per run). */
async function evaluateRanges(ctx: CheckContext, domain: string, tree: SpfTree, options: SpfCheckOptions): Promise<SpfRangeData> {
  const allowed = spfAllowedRanges(tree.root, ctx.limits.spfRanges);
  const who = { ...(options.sender ? { sender: options.sender } : {}), ...(options.helo ? { helo: options.helo } : {}) };
  const ranges = await Promise.all(
    allowed.ranges.map(async (range) => {
      const evaluation = await evaluateSpf(ctx.resolver, { ip: range.address, domain, ...who }, ctx.limits);
      return { ...range, result: evaluation.result, reason: evaluation.reason };
    }),
  );
  return { ranges, unlisted: allowed.unlisted };
}

export function checkSpf(ctx: CheckContext, domain: string, options: SpfCheckOptions = {}): Promise<CheckResult<SpfData | null>> {
  return runCheck(ctx, 'spf', domain, async (c) => {
    const tree = await getSpfTree(c.resolver, domain, c.limits);
    const outcome = evaluateSpfTree(domain, tree, c.limits);
    if (tree.root.status === 'none') return outcome;
    if (!options.ip) return options.ranges ? { ...outcome, data: { ...outcome.data, ranges: await evaluateRanges(c, domain, tree, options) } } : outcome;
    const evaluation = await evaluateSpf(c.resolver, { ip: options.ip, domain, ...(options.sender ? { sender: options.sender } : {}), ...(options.helo ? { helo: options.helo } : {}) }, c.limits);
    return withEvaluation(outcome, evaluation);
  });
}
