/**
 * Terminal styling: colour only on a TTY and never when NO_COLOR is set (https://no-color.org).
 * @module
 */
import pc from 'picocolors';

export type Style = ReturnType<typeof pc.createColors>;

export function styleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Style {
  const enabled = Boolean(stream.isTTY) && !('NO_COLOR' in env && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb';
  return pc.createColors(enabled);
}

/** Wraps text to a width, indenting continuation lines. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n' + indent);
}
