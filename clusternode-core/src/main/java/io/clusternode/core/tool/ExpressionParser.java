package io.clusternode.core.tool;

import java.util.Locale;

/**
 * A recursive-descent parser and evaluator for arithmetic expressions, used by the calculator tool instead of
 * a script engine (which would execute arbitrary code).
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/' | '%') unary)*
 * unary      := ('-' | '+') unary | power
 * power      := primary ('^' unary)?          (right-associative; -2^2 = -4, 2^-1 = 0.5)
 * primary    := number | constant | function '(' expression (',' expression)* ')' | '(' expression ')'
 * </pre>
 * Constants: {@code pi}, {@code e}. Functions: sqrt, abs, sin, cos, tan, asin, acos, atan, ln, log (base 10),
 * log2, exp, floor, ceil, round, min, max, pow. Errors are {@link IllegalArgumentException}s whose message
 * names the position.
 */
final class ExpressionParser {

    private final String text;
    private int pos;

    private ExpressionParser(String text) {
        this.text = text;
    }

    static double evaluate(String expression) {
        ExpressionParser parser = new ExpressionParser(expression);
        parser.skipSpaces();
        if (parser.atEnd()) {
            throw new IllegalArgumentException("the expression is empty");
        }
        double value = parser.expression();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.text.charAt(parser.pos) + "'");
        }
        return value;
    }

    private double expression() {
        double value = term();
        while (true) {
            if (accept('+')) {
                value += term();
            } else if (accept('-')) {
                value -= term();
            } else {
                return value;
            }
        }
    }

    private double term() {
        double value = unary();
        while (true) {
            if (accept('*') || accept('×')) {
                value *= unary();
            } else if (accept('/') || accept('÷')) {
                int at = pos;
                double divisor = unary();
                if (divisor == 0) {
                    throw new IllegalArgumentException("division by zero (at position " + (at + 1) + ")");
                }
                value /= divisor;
            } else if (accept('%')) {
                int at = pos;
                double divisor = unary();
                if (divisor == 0) {
                    throw new IllegalArgumentException("modulo by zero (at position " + (at + 1) + ")");
                }
                value %= divisor;
            } else {
                return value;
            }
        }
    }

    private double unary() {
        if (accept('-')) {
            return -unary();
        }
        if (accept('+')) {
            return unary();
        }
        return power();
    }

    private double power() {
        double base = primary();
        if (accept('^')) {
            return Math.pow(base, unary());
        }
        if (peekDoubleStar()) {
            pos += 2;
            return Math.pow(base, unary());
        }
        return base;
    }

    private double primary() {
        skipSpaces();
        if (atEnd()) {
            throw error("the expression ends where a number was expected");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            double value = expression();
            expect(')');
            return value;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c)) {
            return nameOrCall();
        }
        throw error("unexpected '" + c + "'");
    }

    private double number() {
        int start = pos;
        while (!atEnd() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.' || text.charAt(pos) == '_')) {
            pos++;
        }
        if (!atEnd() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (!atEnd() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!atEnd() && Character.isDigit(text.charAt(pos))) {
                while (!atEnd() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = mark;
            }
        }
        String literal = text.substring(start, pos).replace("_", "");
        try {
            return Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'" + literal + "' is not a number");
        }
    }

    private double nameOrCall() {
        int start = pos;
        while (!atEnd() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
        skipSpaces();
        if (atEnd() || text.charAt(pos) != '(') {
            return switch (name) {
                case "pi" -> Math.PI;
                case "e" -> Math.E;
                default -> {
                    pos = start;
                    throw error("unknown name '" + name + "'");
                }
            };
        }
        pos++;
        double[] args = new double[4];
        int count = 0;
        skipSpaces();
        if (!accept(')')) {
            do {
                if (count == args.length) {
                    throw error("too many arguments for " + name);
                }
                args[count++] = expression();
            } while (accept(','));
            expect(')');
        }
        return call(name, args, count, start);
    }

    private double call(String name, double[] a, int n, int at) {
        int arity = switch (name) {
            case "min", "max", "pow" -> 2;
            case "sqrt", "abs", "sin", "cos", "tan", "asin", "acos", "atan", "ln", "log", "log2", "exp", "floor",
                 "ceil", "round" -> 1;
            default -> {
                pos = at;
                throw error("unknown function '" + name + "'");
            }
        };
        if (n != arity) {
            pos = at;
            throw error(name + " takes " + arity + (arity == 1 ? " argument" : " arguments") + ", got " + n);
        }
        double x = a[0];
        return switch (name) {
            case "sqrt" -> {
                if (x < 0) {
                    throw new IllegalArgumentException("square root of a negative number (" + format(x) + ")");
                }
                yield Math.sqrt(x);
            }
            case "ln", "log", "log2" -> {
                if (x <= 0) {
                    throw new IllegalArgumentException(name + " of a number that is not positive (" + format(x) + ")");
                }
                yield switch (name) {
                    case "ln" -> Math.log(x);
                    case "log" -> Math.log10(x);
                    default -> Math.log(x) / Math.log(2);
                };
            }
            case "abs" -> Math.abs(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "tan" -> Math.tan(x);
            case "asin" -> Math.asin(x);
            case "acos" -> Math.acos(x);
            case "atan" -> Math.atan(x);
            case "exp" -> Math.exp(x);
            case "floor" -> Math.floor(x);
            case "ceil" -> Math.ceil(x);
            case "round" -> (double) Math.round(x);
            case "min" -> Math.min(x, a[1]);
            case "max" -> Math.max(x, a[1]);
            default -> Math.pow(x, a[1]);
        };
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        if (s.contains("E")) {
            return s;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(15)).stripTrailingZeros().toPlainString();
    }

    private boolean peekDoubleStar() {
        skipSpaces();
        return pos + 1 < text.length() && text.charAt(pos) == '*' && text.charAt(pos + 1) == '*';
    }

    private boolean accept(char c) {
        skipSpaces();
        if (!atEnd() && text.charAt(pos) == c) {
            if (c == '*' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                return false;
            }
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error(atEnd() ? "missing '" + c + "' at the end" : "expected '" + c + "' but found '"
                    + text.charAt(pos) + "'");
        }
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " (at position " + (pos + 1) + ")");
    }
}
