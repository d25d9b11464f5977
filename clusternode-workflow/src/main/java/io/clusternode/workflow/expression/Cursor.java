package io.clusternode.workflow.expression;

/** A position in expression text, for the small hand-written scanners of this package. */
abstract class Cursor {

    final String s;
    int pos;

    Cursor(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /** Consumes {@code c} when it is next. */
    final boolean take(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    final void skipSpaces() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
