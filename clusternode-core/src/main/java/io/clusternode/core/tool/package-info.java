/**
 * Tools: the built-in ones (the calculator and the date/time tool), tools made from annotated methods or from
 * a record and a function ({@link io.clusternode.core.tool.Tools}), and the JSON-schema validation of tool
 * arguments.
 */
@NullMarked
package io.clusternode.core.tool;

import org.jspecify.annotations.NullMarked;
