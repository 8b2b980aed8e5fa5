// Stands in for string-width in the CLI's own code (src/domain/text.ts), which measures most text
// itself and asks string-width only about wide or joining characters. string-width builds an
// Intl.Segmenter and its emoji expressions as it loads (~45 ms): it loads on its first call.
'use strict';
let real;
module.exports = (text, options) => (real ??= require('string-width').default)(text, options);
