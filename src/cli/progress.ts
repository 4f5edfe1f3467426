/**
 * A progress bar on standard error for long runs, shown only when standard error is a
 * terminal (never in pipes, files or CI logs).
 * @module
 */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { tick: () => undefined, stop: () => undefined };

export function startProgress(stream: { isTTY?: boolean }, total: number, unit: string): Progress {
  if (!stream.isTTY || total < 2) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WriteStream,
    format: `{bar} {value}/{total} ${unit} | {rate}/s | {label}`,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let value = 0;
  bar.start(total, 0, { rate: 0, label: '' });
  return {
    tick(label = '') {
      value++;
      const seconds = (Date.now() - started) / 1000 || 1;
      bar.update(Math.min(value, total), { rate: Math.round(value / seconds), label: label.slice(-40) });
    },
    stop() {
      bar.stop();
    },
  };
}
