import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;

export const declareCompletion = (c: Command) =>
  c
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        'ic-support completion bash > ~/.local/share/bash-completion/completions/ic-support',
        'ic-support completion zsh > "${fpath[1]}/_ic-support"',
        'ic-support completion fish > ~/.config/fish/completions/ic-support.fish',
        'ic-support completion powershell | Out-String | Invoke-Expression   # in $PROFILE (PowerShell)',
      ),
    );

export type CompletionArguments = ArgumentsOf<typeof declareCompletion>;
