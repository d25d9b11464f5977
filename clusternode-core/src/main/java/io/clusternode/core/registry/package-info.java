/**
 * Where providers are found: {@link io.clusternode.core.registry.NodeRegistry} holds providers by id and type;
 * {@link io.clusternode.core.registry.Providers} turns textual selections such as {@code deepseek:deepseek-chat}
 * or {@code sqlite:./chat.db} into providers through the factories on the class path.
 */
@NullMarked
package io.clusternode.core.registry;

import org.jspecify.annotations.NullMarked;
