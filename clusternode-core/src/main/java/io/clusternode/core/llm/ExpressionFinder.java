package io.clusternode.core.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds arithmetic expressions in free text, e.g. {@code 12 * 7} in "What is 12 * 7?", the way the
 * simulated model decides to call the calculator. A candidate is a maximal run of digits, operators,
 * parentheses, dots, spaces and known function names that contains a digit and either an operator between
 * operands or a function call.
 */
final class ExpressionFinder {

    private static final String[] FUNCTIONS = {"sqrt", "abs", "sin", "cos", "tan", "log", "ln", "exp", "round",
        "floor", "ceil", "pi"};

    private ExpressionFinder() {
    }

    /** Every expression in the text, in reading order; an empty list if there is none. */
    static List<String> findAll(String text) {
        List<String> found = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            int end = i;
            while (end < n) {
                char c = text.charAt(end);
                if (isExpressionChar(c)) {
                    end++;
                    continue;
                }
                int fn = functionLength(text, end);
                if (fn > 0) {
                    end += fn;
                    continue;
                }
                break;
            }
            if (end > start) {
                String candidate = trimCandidate(text.substring(start, end));
                if (isExpression(candidate)) {
                    if (found == null) {
                        found = new ArrayList<>(2);
                    }
                    found.add(candidate);
                }
                i = end;
            } else {
                i++;
            }
        }
        return found == null ? List.of() : found;
    }

    private static boolean isExpressionChar(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == '*' || c == '/' || c == '%'
                || c == '^' || c == '(' || c == ')' || c == ' ' || c == ',';
    }

    private static int functionLength(String text, int at) {
        if (at > 0 && Character.isLetter(text.charAt(at - 1))) {
            return 0;
        }
        for (String name : FUNCTIONS) {
            int end = at + name.length();
            if (text.regionMatches(true, at, name, 0, name.length())
                    && (end >= text.length() || !Character.isLetter(text.charAt(end)))) {
                return name.length();
            }
        }
        return 0;
    }

    /** Drops trailing sentence punctuation and unbalanced edges. */
    private static String trimCandidate(String candidate) {
        String s = candidate.strip();
        while (!s.isEmpty() && (s.endsWith(".") || s.endsWith(",") || s.endsWith("-") || s.endsWith("+")
                || s.endsWith("*") || s.endsWith("/"))) {
            s = s.substring(0, s.length() - 1).strip();
        }
        while (!s.isEmpty() && (s.startsWith(",") || s.startsWith(")") || s.startsWith("*") || s.startsWith("/"))) {
            s = s.substring(1).strip();
        }
        return s;
    }

    private static boolean isExpression(String s) {
        boolean digit = false;
        boolean operator = false;
        boolean function = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ((c == '+' || c == '*' || c == '/' || c == '%' || c == '^' || c == '-') && i > 0) {
                operator = true;
            } else if (Character.isLetter(c)) {
                function = true;
            }
        }
        return digit && (operator || function) && balanced(s);
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
