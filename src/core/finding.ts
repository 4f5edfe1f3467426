/**
 * A coded observation about an input or a check. Codes are dotted and stable
 * (`<area>.<kebab-problem>`); messages are for people.
 * @module
 */

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  ref?: string;
  data?: Record<string, unknown>;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether `severity` is at least as serious as `threshold`. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
