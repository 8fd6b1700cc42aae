import type { Command } from 'commander';

/** Where a run reads and writes: the process's own streams, or a test's. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
}

/** What a command module needs from the program that registers it. */
export interface CommandContext {
  readonly io: CliIo;
  /** Adds the shared --profile/--account/--config options. */
  readonly withDetectionChoice: (command: Command) => Command;
  /** Sets the run's exit status. */
  readonly exit: (status: number) => void;
}
