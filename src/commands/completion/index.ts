/** `ic-support completion <shell>` and the hidden `__complete` the shell scripts call. */
import { Argument, type Command } from 'commander';
import type { Lazy } from '../../cli/program.js';
import { examples } from '../../cli/help.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function registerCompletion(program: Command, lazy: Lazy): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags, case types and choice values)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        'ic-support completion bash > ~/.local/share/bash-completion/completions/ic-support',
        'ic-support completion zsh > "${fpath[1]}/_ic-support"',
        'ic-support completion fish > ~/.config/fish/completions/ic-support.fish',
      ),
    )
    .action(lazy(() => import('./script.js')));

  program
    .command('__complete', { hidden: true })
    .description('print completion candidates for the words typed so far (used by the scripts)')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(lazy(() => import('./complete.js')));
}
