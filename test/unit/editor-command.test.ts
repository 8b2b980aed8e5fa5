// Which editor `case comment` and the form's long fields open (issue 28 §2): $VISUAL, then $EDITOR,
// then the platform's own: notepad on Windows (which has no vi), vi elsewhere.
import { afterEach, describe, expect, it } from 'vitest';
import { editorCommand } from '../../src/commands/case/shared/editor.js';

const real = process.platform;
const pretend = (platform: NodeJS.Platform): void => {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
};
afterEach(() => pretend(real));

describe('editorCommand', () => {
  it('is notepad on Windows and vi elsewhere when neither VISUAL nor EDITOR is set', () => {
    pretend('win32');
    expect(editorCommand({})).toBe('notepad');
    expect(editorCommand({ VISUAL: ' ', EDITOR: '' })).toBe('notepad');
    pretend('linux');
    expect(editorCommand({})).toBe('vi');
    pretend('darwin');
    expect(editorCommand({})).toBe('vi');
  });

  it('takes VISUAL, then EDITOR, on every platform', () => {
    for (const platform of ['win32', 'linux'] as const) {
      pretend(platform);
      expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'nano' })).toBe('code --wait');
      expect(editorCommand({ EDITOR: 'nano' })).toBe('nano');
    }
  });
});
