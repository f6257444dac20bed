#!/usr/bin/env node
"use strict";
// Thin launcher so the bin link works even before `dist/` is built at install time.
require("../dist/cli/main.js").run(process.argv.slice(2));
