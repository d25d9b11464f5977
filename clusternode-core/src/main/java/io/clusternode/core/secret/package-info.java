/**
 * The one redaction rule for everything ClusterNode prints, so passwords, keys and user data never reach logs or
 * error messages.
 */
@NullMarked
package io.clusternode.core.secret;

import org.jspecify.annotations.NullMarked;
