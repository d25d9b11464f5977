package io.clusternode.js;

import java.util.List;

/** User code plus the binding names it is compiled against: the key under which its function is cached. */
record Script(ScriptKind kind, String code, List<String> names) {

    /**
     * What sloppy code needs to create a global by accident: an assignment or a for-in/of loop to an undeclared
     * name, or a route to the global object (this, globalThis, eval, the Function constructor, escapes).
     */
    private static final List<String> GLOBAL_MAKERS = List.of("=", "\\", "for", "this", "global", "eval", "Function",
            "constructor", "Reflect", "Object");

    /**
     * Whether runs of this script must be followed by the sweep of leftover globals (about 15 µs in the
     * interpreter). Code bodies always are; a plain expression such as {@code 'Hi ' + $json.name} cannot create a
     * global, so it is spared.
     */
    boolean sweepGlobals() {
        if (kind != ScriptKind.EXPRESSION) {
            return true;
        }
        for (String maker : GLOBAL_MAKERS) {
            if (code.contains(maker)) {
                return true;
            }
        }
        return false;
    }

    String wrapped() {
        return kind.wrap(code, names);
    }
}
