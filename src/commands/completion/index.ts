/** `ic-support completion <shell>` and the hidden `__complete` the shell scripts call. */
import { Argument } from 'commander';
import type { Declare } from '../../cli/program.js';
import { examples } from '../../cli/help.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export const declareCompletion: Declare = (c, lazy) => {
  c.addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        'ic-support completion bash > ~/.local/share/bash-completion/completions/ic-support',
        'ic-support completion zsh > "${fpath[1]}/_ic-support"',
        'ic-support completion fish > ~/.config/fish/completions/ic-support.fish',
      ),
    )
    .action(lazy(() => import('./script.js')));
};

export const declareComplete: Declare = (c, lazy) => {
  c.argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(lazy(() => import('./complete.js')));
};
