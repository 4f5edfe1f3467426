/**
 * Where the CLI writes: injected so tests can capture output without a child process.
 * @module
 */
export interface CliIo {
  stdout: NodeJS.WriteStream | { write(chunk: string): boolean; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(chunk: string): boolean; isTTY?: boolean };
  readStdin(): Buffer;
  env: NodeJS.ProcessEnv;
}
