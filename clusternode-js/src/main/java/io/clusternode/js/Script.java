package io.clusternode.js;

import java.util.List;

/** User code plus the binding names it is compiled against: the key under which its function is cached. */
record Script(ScriptKind kind, String code, List<String> names) {

    String wrapped() {
        return kind.wrap(code, names);
    }
}
