/**
 * n8n expressions: {@code =} templates with {@code {{ }}} blocks; plain property paths resolve natively,
 * everything else runs in the JavaScript sandbox.
 */
package io.clusternode.workflow.expression;
