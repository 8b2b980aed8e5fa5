/** The shell scripts: each asks `ic-support __complete` for candidates, so they never go stale. */
import type { CommandRun } from '../../cli/context.js';
import type { CompletionArguments } from './options.js';

const bash = `# bash completion for ic-support
_ic_support_complete() {
  local IFS=$'\\n' line
  local -a words
  COMPREPLY=()
  while IFS= read -r line; do
    [ -n "$line" ] && COMPREPLY+=("$(printf '%q' "$line")")
  done < <(ic-support __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
}
complete -o default -F _ic_support_complete ic-support
`;

const zsh = `#compdef ic-support
# zsh completion for ic-support
_ic_support() {
  local -a candidates
  candidates=("\${(@f)$(ic-support __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  compadd -Q -- "\${(@q)candidates}"
}
compdef _ic_support ic-support
`;

const fish = `# fish completion for ic-support
function __ic_support_complete
    set -l tokens (commandline -opc) (commandline -ct)
    ic-support __complete $tokens[2..-1] 2>/dev/null
end
complete -c ic-support -f -a '(__ic_support_complete)'
`;

export const scripts = { bash, zsh, fish } as const;

export const run: CommandRun<object, CompletionArguments> = async (ctx, [shell]) => {
  ctx.io.out(scripts[shell]);
};
