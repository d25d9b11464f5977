/**
 * Sandboxed JavaScript for workflow expressions and Code nodes: {@link io.clusternode.js.JsSandbox} runs
 * GraalJS without host access, IO, threads or processes, under a statement and a time limit. GraalJS starts on
 * the first evaluation, never when these classes load.
 */
package io.clusternode.js;
