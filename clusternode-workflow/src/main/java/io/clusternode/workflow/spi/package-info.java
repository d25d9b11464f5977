/**
 * The node-type SPI: a {@link io.clusternode.workflow.spi.NodeTypeFactory} found with
 * {@link java.util.ServiceLoader} adds node types without touching the engine.
 */
package io.clusternode.workflow.spi;
