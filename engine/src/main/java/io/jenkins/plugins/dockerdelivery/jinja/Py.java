package io.jenkins.plugins.dockerdelivery.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's value semantics, as Jinja2 templates get them: {@code str()} and {@code repr()}, truth,
 * equality and ordering, the arithmetic operators. Values are {@code null} (None), Boolean, BigInteger
 * (int), Double (float), String, {@link List} (list), {@link Tuple}, {@link Map} (dict), {@link
 * Undefined} and {@link Callable}.
 */
final class Py {
    private Py() {}

    /** A tuple: a list that prints with parentheses. */
    record Tuple(List<Object> items) {}

    /** Jinja2's default Undefined: prints as nothing, is false, iterates as empty; anything else fails. */
    record Undefined(String hint) {}

    interface Callable {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    /** A Python TypeError/ValueError/ZeroDivisionError etc.: the template fails when it is rendered. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    static Failure undefinedError(Undefined u) {
        return new Failure(u.hint());
    }

    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Undefined) {
            return "";
        }
        return repr(v);
    }

    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof BigInteger i) {
            return i.toString();
        }
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        if (v instanceof String s) {
            return stringRepr(s);
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        if (v instanceof Tuple t) {
            List<String> parts = t.items().stream().map(Py::repr).toList();
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }
        if (v instanceof List<?> l) {
            return "[" + String.join(", ", l.stream().map(Py::repr).toList()) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, val) -> parts.add(repr(k) + ": " + repr(val)));
            return "{" + String.join(", ", parts) + "}";
        }
        return "<" + typeName(v) + ">";
    }

    private static String stringRepr(String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    /** Python's float repr: the shortest digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale(); // of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = exact.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    static boolean truthy(Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigInteger i) {
            return i.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Tuple t) {
            return !t.items().isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof BigInteger) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Tuple) {
            return "tuple";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        return "function";
    }

    static boolean isNumber(Object v) {
        return v instanceof Boolean || v instanceof BigInteger || v instanceof Double;
    }

    /** bool counts as int in arithmetic, as in Python. */
    static Object numeric(Object v) {
        return v instanceof Boolean b ? (b ? BigInteger.ONE : BigInteger.ZERO) : v;
    }

    static double toDouble(Object v) {
        Object n = numeric(v);
        return n instanceof BigInteger i ? i.doubleValue() : (Double) n;
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            Object x = numeric(a);
            Object y = numeric(b);
            if (x instanceof BigInteger i && y instanceof BigInteger j) {
                return i.equals(j);
            }
            return toDouble(x) == toDouble(y);
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Tuple t && b instanceof Tuple u) {
            return equalLists(t.items(), u.items());
        }
        if (a instanceof List<?> l && b instanceof List<?> m && !(a instanceof Tuple)) {
            return equalLists(l, m);
        }
        if (a instanceof Map<?, ?> m && b instanceof Map<?, ?> n) {
            if (m.size() != n.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object key = findKey(n, e.getKey());
                if (key == MISSING || !equal(e.getValue(), n.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean equalLists(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static final Object MISSING = new Object();

    /** The key of {@code map} equal to {@code key} (1 == 1.0 == True), or {@link #MISSING}. */
    static Object findKey(Map<?, ?> map, Object key) {
        if (map.containsKey(key)) {
            return key;
        }
        for (Object k : map.keySet()) {
            if (equal(k, key)) {
                return k;
            }
        }
        return MISSING;
    }

    /** {@code <}, {@code <=}, {@code >}, {@code >=}: numbers with numbers, strings with strings, lists. */
    static int compare(String op, Object a, Object b) {
        if (a instanceof Undefined u) {
            throw undefinedError(u);
        }
        if (b instanceof Undefined u) {
            throw undefinedError(u);
        }
        if (isNumber(a) && isNumber(b)) {
            Object x = numeric(a);
            Object y = numeric(b);
            if (x instanceof BigInteger i && y instanceof BigInteger j) {
                return i.compareTo(j);
            }
            return Double.compare(toDouble(x), toDouble(y));
        }
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        if (a instanceof List<?> l && b instanceof List<?> m) {
            for (int i = 0; i < Math.min(l.size(), m.size()); i++) {
                if (!equal(l.get(i), m.get(i))) {
                    return compare(op, l.get(i), m.get(i));
                }
            }
            return Integer.compare(l.size(), m.size());
        }
        throw new Failure(
                "'" + op + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof Undefined) {
            return false;
        }
        if (container instanceof String s) {
            if (item instanceof Undefined u) {
                throw undefinedError(u);
            }
            if (!(item instanceof String i)) {
                throw new Failure("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.contains(i);
        }
        if (container instanceof Map<?, ?> m) {
            return findKey(m, item) != MISSING;
        }
        if (container instanceof Tuple t) {
            return t.items().stream().anyMatch(x -> equal(x, item));
        }
        if (container instanceof List<?> l) {
            return l.stream().anyMatch(x -> equal(x, item));
        }
        throw new Failure("argument of type '" + typeName(container) + "' is not iterable");
    }

    /** What a for loop (or list()) goes through: characters of a string, keys of a dict. */
    static List<Object> iterate(Object v) {
        if (v instanceof Undefined) {
            return List.of();
        }
        if (v instanceof String s) {
            List<Object> chars = new ArrayList<>();
            s.codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
            return chars;
        }
        if (v instanceof Tuple t) {
            return t.items();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        throw new Failure("'" + typeName(v) + "' object is not iterable");
    }

    static int length(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof Undefined) {
            return 0;
        }
        if (v instanceof Tuple t) {
            return t.items().size();
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        throw new Failure("object of type '" + typeName(v) + "' has no len()");
    }

    // ---- arithmetic

    static Object binary(String op, Object a, Object b, long maxLength) {
        if (a instanceof Undefined u) {
            throw undefinedError(u);
        }
        if (b instanceof Undefined u) {
            throw undefinedError(u);
        }
        if (isNumber(a) && isNumber(b)) {
            return numbers(op, numeric(a), numeric(b));
        }
        switch (op) {
            case "+" -> {
                if (a instanceof String s && b instanceof String t) {
                    checkLength((long) s.length() + t.length(), maxLength);
                    return s + t;
                }
                if (a instanceof Tuple s && b instanceof Tuple t) {
                    return new Tuple(concat(s.items(), t.items(), maxLength));
                }
                if (a instanceof List<?> s
                        && b instanceof List<?> t
                        && !(a instanceof Tuple)
                        && !(b instanceof Tuple)) {
                    return concat(s, t, maxLength);
                }
                if (a instanceof String) {
                    throw new Failure("can only concatenate str (not \"" + typeName(b) + "\") to str");
                }
            }
            case "*" -> {
                if (a instanceof String s && numeric(b) instanceof BigInteger n) {
                    return repeat(s, n, maxLength);
                }
                if (b instanceof String s && numeric(a) instanceof BigInteger n) {
                    return repeat(s, n, maxLength);
                }
                if (a instanceof List<?> l && !(a instanceof Tuple) && numeric(b) instanceof BigInteger n) {
                    List<Object> out = new ArrayList<>();
                    long times =
                            Math.max(0, n.min(BigInteger.valueOf(maxLength)).longValue());
                    checkLength(times * l.size(), maxLength);
                    for (long i = 0; i < times; i++) {
                        out.addAll(l);
                    }
                    return out;
                }
            }
            case "%" -> {
                if (a instanceof String) {
                    throw new Builtins.Unsupported("string formatting with %");
                }
            }
            default -> {}
        }
        throw new Failure(
                "unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static List<Object> concat(List<?> a, List<?> b, long maxLength) {
        checkLength((long) a.size() + b.size(), maxLength);
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String repeat(String s, BigInteger n, long maxLength) {
        if (n.signum() <= 0 || s.isEmpty()) {
            return "";
        }
        if (n.compareTo(BigInteger.valueOf(maxLength)) > 0) {
            checkLength(maxLength + 1, maxLength);
        }
        checkLength((long) s.length() * n.longValue(), maxLength);
        return s.repeat(n.intValue());
    }

    static void checkLength(long length, long maxLength) {
        if (length > maxLength) {
            throw new LimitExceeded("a value of the template grows past " + maxLength + " characters or items");
        }
    }

    /** A limit of this renderer (not of Jinja2) was reached. */
    static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message);
        }
    }

    private static final BigInteger MAX_POWER_BITS = BigInteger.valueOf(64 * 1024);

    private static Object numbers(String op, Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            switch (op) {
                case "+":
                    return x.add(y);
                case "-":
                    return x.subtract(y);
                case "*":
                    return x.multiply(y);
                case "/":
                    if (y.signum() == 0) {
                        throw new Failure("division by zero");
                    }
                    return new BigDecimal(x)
                            .divide(new BigDecimal(y), java.math.MathContext.DECIMAL64)
                            .doubleValue();
                case "//":
                    if (y.signum() == 0) {
                        throw new Failure("integer division or modulo by zero");
                    }
                    return floorDiv(x, y);
                case "%":
                    if (y.signum() == 0) {
                        throw new Failure("integer division or modulo by zero");
                    }
                    return x.subtract(floorDiv(x, y).multiply(y));
                case "**":
                    if (y.signum() < 0) {
                        return Math.pow(x.doubleValue(), y.doubleValue());
                    }
                    if (BigInteger.valueOf(x.bitLength()).multiply(y).compareTo(MAX_POWER_BITS) > 0) {
                        throw new LimitExceeded("the power " + x + " ** " + y + " is too large for this check");
                    }
                    return x.pow(y.intValueExact());
                default:
                    break;
            }
        }
        double x = toDouble(a);
        double y = toDouble(b);
        switch (op) {
            case "+":
                return x + y;
            case "-":
                return x - y;
            case "*":
                return x * y;
            case "/":
                if (y == 0) {
                    throw new Failure("float division by zero");
                }
                return x / y;
            case "//":
                if (y == 0) {
                    throw new Failure("float floor division by zero");
                }
                return Math.floor(x / y);
            case "%":
                if (y == 0) {
                    throw new Failure("float modulo");
                }
                double r = x % y;
                return (r != 0 && (r < 0) != (y < 0)) ? r + y : r;
            case "**":
                return Math.pow(x, y);
            default:
                throw new Failure("unsupported operator " + op);
        }
    }

    private static BigInteger floorDiv(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        return qr[1].signum() != 0 && (qr[1].signum() != y.signum()) ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    static Object negate(Object v) {
        if (v instanceof Undefined u) {
            throw undefinedError(u);
        }
        Object n = numeric(v);
        if (n instanceof BigInteger i) {
            return i.negate();
        }
        if (n instanceof Double d) {
            return -d;
        }
        throw new Failure("bad operand type for unary -: '" + typeName(v) + "'");
    }

    static Object positive(Object v) {
        if (v instanceof Undefined u) {
            throw undefinedError(u);
        }
        Object n = numeric(v);
        if (n instanceof BigInteger || n instanceof Double) {
            return n;
        }
        throw new Failure("bad operand type for unary +: '" + typeName(v) + "'");
    }

    static Iterator<Object> none() {
        return List.<Object>of().iterator();
    }
}
