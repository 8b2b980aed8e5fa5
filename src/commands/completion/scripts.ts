/**
 * The shell scripts of `ic-support completion <shell>`. Each is thin: it passes the words typed so
 * far to the hidden `ic-support __complete` and offers what it prints, so the scripts never go
 * stale. A last line `:files` (FILES_DIRECTIVE) says that the word is a file path too (`--body-file`,
 * `case validate <file>`): the script then offers the shell's own file completion.
 */
import type { SHELLS } from './options.js';

export const FILES_DIRECTIVE = ':files';

const bash = `# bash completion for ic-support
_ic_support_complete() {
  local line files= cur="\${COMP_WORDS[COMP_CWORD]}"
  COMPREPLY=()
  while IFS= read -r line; do
    if [ "$line" = "${FILES_DIRECTIVE}" ]; then files=1
    elif [ -n "$line" ]; then COMPREPLY+=("$(printf '%q' "$line")")
    fi
  done < <(ic-support __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [ -n "$files" ]; then
    compopt -o filenames 2>/dev/null
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
  fi
}
complete -F _ic_support_complete ic-support
`;

// Installed in $fpath, the file is the body of an autoloaded function _ic-support: its first run
// (the first TAB) must complete too, not only define the function (the last lines).
const zsh = `#compdef ic-support
# zsh completion for ic-support
_ic_support() {
  local -a candidates
  local files=0
  candidates=("\${(@f)$(ic-support __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${candidates[(Ie)${FILES_DIRECTIVE}]} )); then
    files=1
    candidates=(\${candidates:#${FILES_DIRECTIVE}})
  fi
  (( \${#candidates} )) && compadd -Q -- "\${(@q)candidates}"
  (( files )) && _files
  return 0
}
if [ "\${funcstack[1]}" = "_ic-support" ]; then
  _ic_support "$@"
else
  compdef _ic_support ic-support
fi
`;

const fish = `# fish completion for ic-support
function __ic_support_complete
    set -l tokens (commandline -opc) (commandline -ct)
    for line in (ic-support __complete $tokens[2..-1] 2>/dev/null)
        if test "$line" = "${FILES_DIRECTIVE}"
            __fish_complete_path (commandline -ct)
        else
            echo $line
        end
    end
end
complete -c ic-support -f -a '(__ic_support_complete)'
`;

// Windows PowerShell 5.1 (and 7 before 7.3) drops an empty argument given to a native program, so
// the empty word being completed after a space is passed as '""' there. Words after the cursor are
// not passed. Output is read as UTF-8 whatever the console's code page.
const powershell = `# PowerShell completion for ic-support (Windows PowerShell 5.1 and PowerShell 7)
Register-ArgumentCompleter -Native -CommandName 'ic-support', 'ic-support.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } |
        Select-Object -Skip 1 |
        ForEach-Object { $_.ToString() })
    if ($wordToComplete -eq '') {
        if ($PSVersionTable.PSVersion -lt [version]'7.3') { $words += '""' } else { $words += '' }
    }
    $previous = [Console]::OutputEncoding
    [Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
    try { $lines = @(& ic-support __complete @words 2>$null) } finally { [Console]::OutputEncoding = $previous }
    foreach ($line in $lines) {
        if ($line -eq '${FILES_DIRECTIVE}') {
            Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
                $path = if ($_.FullName.StartsWith((Get-Location).Path + [IO.Path]::DirectorySeparatorChar)) { Resolve-Path -Relative $_.FullName } else { $_.FullName }
                if ($path -match '\\s') { $path = "'" + $path.Replace("'", "''") + "'" }
                [System.Management.Automation.CompletionResult]::new($path, $_.Name, 'ProviderItem', $_.FullName)
            }
        } elseif ($line -ne '') {
            $text = if ($line -match "[\\s'\`$;,(){}@&|<>]") { "'" + $line.Replace("'", "''") + "'" } else { $line }
            [System.Management.Automation.CompletionResult]::new($text, $line, 'ParameterValue', $line)
        }
    }
}
`;

export const scripts: Record<(typeof SHELLS)[number], string> = { bash, zsh, fish, powershell };
