/**
 * Built-in tools (the calculator and the date/time tool) and the JSON-schema validation of tool arguments.
 */
package io.clusternode.core.tool;
