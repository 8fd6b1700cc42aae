#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build` (run by `prepare` on install).
require('../dist/cli.js');
