/** The rule docs links live in the engine (the CLI's reporters use them too). */
export { rulesDocsDir, ruleDocHref } from '../engine/docs-link';
