/**
 * `maildoctor m365 login` (device code, or client credentials with a secret from
 * MAILDOCTOR_M365_CLIENT_SECRET or a certificate file) and `maildoctor m365 logout` (removes
 * the login file with its tokens). MSAL (@azure/msal-node) is loaded only here and when a
 * Graph command needs the cached token.
 * @module
 */
import type { Command } from 'commander';
import { ToolkitError } from '../../core/errors.js';
import { nationalCloud } from '../../m365/auth/national-clouds.js';
import { defaultLoginFilePath, readLoginFile, removeLoginFile, type LoginFlow, type LoginSettings } from '../../m365/auth/token-cache-file.js';
import type { TokenProvider } from '../../m365/graph/graph-client.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CliIo } from '../output.js';

interface LoginOptions {
  tenant?: string;
  clientId?: string;
  cloud?: string;
  clientSecret?: boolean;
  certificate?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token of `m365 login`'s cache and its cloud, for the Graph commands (null: not signed in). */
export async function cachedToken(io: CliIo): Promise<{ token: TokenProvider; cloud: string } | null> {
  const loginFile = defaultLoginFilePath(io.env);
  const file = readLoginFile(loginFile);
  if (!file) return null;
  const { cachedTokenProvider } = await import('../../m365/auth/sign-in.js');
  const token = cachedTokenProvider({ loginFile, env: io.env });
  return token ? { token, cloud: file.login.cloud } : null;
}

export function registerM365Login(m365: Command, io: CliIo, setExit: (code: number) => void): void {
  m365
    .command('login')
    .description('sign in to Microsoft Graph: device code (an admin account, delegated) by default, or an app registration with --client-secret or --certificate (client credentials)')
    .option('--tenant <id>', 'the tenant: its id (GUID) or a verified domain, e.g. contoso.com')
    .option('--client-id <id>', 'the application (client) id of your app registration')
    .option('--cloud <id>', 'global (default), usgov-high, usgov-dod or china')
    .option('--client-secret', 'client credentials with the secret in MAILDOCTOR_M365_CLIENT_SECRET (never on the command line)')
    .option('--certificate <file>', 'client credentials with this PEM file (certificate and private key)')
    .action(async (options: LoginOptions) => {
      if (!options.tenant || !/^[A-Za-z0-9.-]+$/.test(options.tenant)) throw new ToolkitError('usage', '--tenant is required: the tenant id or a verified domain such as contoso.com');
      if (!options.clientId || !GUID.test(options.clientId)) throw new ToolkitError('usage', '--client-id is required: the application (client) id, a GUID');
      if (options.clientSecret && options.certificate) throw new ToolkitError('usage', 'choose one of --client-secret and --certificate');
      const cloud = nationalCloud(options.cloud ?? 'global');
      const flow: LoginFlow = options.clientSecret ? 'client-secret' : options.certificate ? 'client-certificate' : 'device-code';
      const login: LoginSettings = { flow, tenant: options.tenant, clientId: options.clientId.toLowerCase(), cloud: cloud.id, ...(options.certificate ? { certificateFile: options.certificate } : {}) };
      const loginFile = defaultLoginFilePath(io.env);
      const { signIn } = await import('../../m365/auth/sign-in.js');
      const result = await signIn(login, { loginFile, env: io.env }, (message) => io.stderr.write(message + '\n'));
      if (!result.ok) {
        removeLoginFile(loginFile);
        throw new ToolkitError('config', `sign-in failed: ${result.problem}`);
      }
      io.stdout.write(`Signed in to ${cloud.name}${result.username ? ` as ${result.username}` : ` as app ${login.clientId}`}; tokens kept in ${loginFile} (readable by you only). \`maildoctor m365 logout\` removes them.\n`);
      setExit(EXIT_OK);
    });

  m365
    .command('logout')
    .description('remove the tokens of `m365 login` from this computer')
    .action(() => {
      const loginFile = defaultLoginFilePath(io.env);
      io.stdout.write(removeLoginFile(loginFile) ? `Signed out: removed ${loginFile}.\n` : 'Not signed in: nothing to remove.\n');
      setExit(EXIT_OK);
    });
}
