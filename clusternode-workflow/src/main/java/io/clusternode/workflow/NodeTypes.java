package io.clusternode.workflow;

import io.clusternode.workflow.nodes.BuiltinNodeTypes;
import io.clusternode.workflow.spi.NodeTypeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The node types the engine knows: the built-in ones, then those of every {@link NodeTypeFactory} on the class
 * path. A type is taken by the first factory that names it, so an added factory cannot replace a built-in type.
 */
public final class NodeTypes {

    private static final class Installed {
        static final NodeTypes INSTANCE = discover();
    }

    private final Map<String, NodeTypeFactory> byType;

    private NodeTypes(Map<String, NodeTypeFactory> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** The built-in types plus every factory found with {@link ServiceLoader} (looked up once per JVM). */
    public static NodeTypes installed() {
        return Installed.INSTANCE;
    }

    /** The built-in types plus the given factories, in that order. */
    public static NodeTypes of(List<? extends NodeTypeFactory> extra) {
        List<NodeTypeFactory> all = new ArrayList<>();
        all.add(new BuiltinNodeTypes());
        all.addAll(extra);
        Map<String, NodeTypeFactory> byType = new LinkedHashMap<>();
        for (NodeTypeFactory factory : all) {
            for (String type : factory.types()) {
                byType.putIfAbsent(type, factory);
            }
        }
        return new NodeTypes(byType);
    }

    private static NodeTypes discover() {
        List<NodeTypeFactory> found = new ArrayList<>();
        ServiceLoader.load(NodeTypeFactory.class).forEach(found::add);
        return of(found);
    }

    /** The factory of a node type, or null when none knows it. */
    public NodeTypeFactory factory(String type) {
        return byType.get(type);
    }

    /** Every known type, sorted. */
    public List<String> types() {
        return byType.keySet().stream().sorted().toList();
    }
}
