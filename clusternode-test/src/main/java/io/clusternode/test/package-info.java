/**
 * Test support for code that uses ClusterNode: {@link io.clusternode.test.ScriptedLlmProvider} stands in for a
 * real chat model, replaying scripted answers and tool calls and recording every request, so agents, tools and
 * memories can be unit-tested offline and deterministically.
 */
package io.clusternode.test;
