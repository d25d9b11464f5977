/**
 * The shared Jackson mapper and the JSON helpers every module uses, with errors as
 * {@code INVALID_JSON} exceptions that give the line and column.
 */
@NullMarked
package io.clusternode.core.json;

import org.jspecify.annotations.NullMarked;
