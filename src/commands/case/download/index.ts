import { defineCommand } from '../../../cli/command-tree.js';
import { declareDownload } from './options.js';

export const download = defineCommand({
  name: 'download',
  summary: "save a case's attachments (one, by id or name, or all) into a folder",
  declare: declareDownload,
  load: () => import('./run.js'),
});
