/** Where a CLI command that opens the database writes (one line per call), the parsed environment, and its clock. */
import type { Env } from '../config/env.ts';

export interface CommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Env;
  now?: () => number;
}
