/**
 * Provider knowledge files (what a receiving provider means by its own rejection texts), in
 * the order they are tried. A new provider is a new JSON file plus one line here.
 * @module
 */
import type { ProviderFileSource } from '../../classify/compile-rules.js';

export const PROVIDER_FILES: [string, ProviderFileSource][] = [];
