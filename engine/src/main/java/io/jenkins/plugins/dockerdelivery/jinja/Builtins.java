package io.jenkins.plugins.dockerdelivery.jinja;

import io.jenkins.plugins.dockerdelivery.jinja.Py.Failure;
import io.jenkins.plugins.dockerdelivery.jinja.Py.Tuple;
import io.jenkins.plugins.dockerdelivery.jinja.Py.Undefined;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Jinja2 filters, tests and Python methods that environment files use, with Jinja2's own
 * semantics ({@code jinja2/filters.py}, {@code tests.py}). The rest of Jinja2's builtins are known by
 * name but not evaluated here: {@link Unsupported}.
 */
final class Builtins {
    private Builtins() {}

    /** A real Jinja2 builtin that this renderer does not evaluate. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what);
        }
    }

    static Object filter(String name, Object value, Arguments a, long maxLength) {
        switch (name) {
            case "default", "d" -> {
                a.atMost(2, "default_value", "boolean");
                boolean onFalse = Py.truthy(a.get(1, "boolean", false));
                return value instanceof Undefined || (onFalse && !Py.truthy(value))
                        ? a.get(0, "default_value", "")
                        : value;
            }
            case "int" -> {
                a.atMost(2, "default", "base");
                failIfUndefined(value);
                return toInt(value, a.get(0, "default", BigInteger.ZERO), a.get(1, "base", BigInteger.TEN));
            }
            case "float" -> {
                a.atMost(1, "default");
                failIfUndefined(value);
                Double f = toFloat(value);
                return f == null ? a.get(0, "default", 0.0) : f;
            }
            case "string" -> {
                a.atMost(0);
                return Py.str(value);
            }
            case "lower" -> {
                a.atMost(0);
                return Py.str(value).toLowerCase(Locale.ROOT);
            }
            case "upper" -> {
                a.atMost(0);
                return Py.str(value).toUpperCase(Locale.ROOT);
            }
            case "capitalize" -> {
                a.atMost(0);
                return capitalize(Py.str(value));
            }
            case "title" -> {
                a.atMost(0);
                StringBuilder out = new StringBuilder();
                for (String part : splitKeeping(Py.str(value))) {
                    out.append(capitalize(part));
                }
                return out.toString();
            }
            case "trim" -> {
                a.atMost(1, "chars");
                Object chars = a.get(0, "chars", null);
                return strip(Py.str(value), chars == null ? null : Py.str(chars), true, true);
            }
            case "replace" -> {
                a.atMost(3, "old", "new", "count");
                Object count = a.get(2, "count", null);
                return replace(
                        Py.str(value),
                        Py.str(a.required(0, "old")),
                        Py.str(a.required(1, "new")),
                        count == null ? -1 : intArgument(count, "count"),
                        maxLength);
            }
            case "join" -> {
                a.atMost(2, "d", "attribute");
                if (a.get(1, "attribute", null) != null) {
                    throw new Unsupported("the join filter with attribute=");
                }
                String separator = Py.str(a.get(0, "d", ""));
                List<String> parts = Py.iterate(value).stream().map(Py::str).toList();
                String joined = String.join(separator, parts);
                Py.checkLength(joined.length(), maxLength);
                return joined;
            }
            case "length", "count" -> {
                a.atMost(0);
                return BigInteger.valueOf(Py.length(value));
            }
            case "first" -> {
                a.atMost(0);
                List<Object> items = Py.iterate(value);
                return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
            }
            case "last" -> {
                a.atMost(0);
                List<Object> items = Py.iterate(value);
                return items.isEmpty()
                        ? new Undefined("No last item, sequence was empty.")
                        : items.get(items.size() - 1);
            }
            case "list" -> {
                a.atMost(0);
                return Py.iterate(value);
            }
            case "abs" -> {
                a.atMost(0);
                Object n = Py.numeric(value);
                if (n instanceof BigInteger i) {
                    return i.abs();
                }
                if (n instanceof Double dv) {
                    return Math.abs(dv);
                }
                throw new Failure("bad operand type for abs(): '" + Py.typeName(value) + "'");
            }
            case "round" -> {
                a.atMost(2, "precision", "method");
                return round(
                        value,
                        intArgument(a.get(0, "precision", BigInteger.ZERO), "precision"),
                        Py.str(a.get(1, "method", "common")));
            }
            case "reverse" -> {
                a.atMost(0);
                if (value instanceof String s) {
                    return new StringBuilder(s).reverse().toString();
                }
                List<Object> items = Py.iterate(value);
                Collections.reverse(items);
                return items;
            }
            case "items" -> {
                a.atMost(0);
                if (value instanceof Undefined) {
                    return List.of();
                }
                if (!(value instanceof Map<?, ?> m)) {
                    throw new Failure("Can only get item pairs from a mapping.");
                }
                return pairs(m);
            }
            case "safe" -> {
                a.atMost(0);
                return value;
            }
            case "e", "escape", "forceescape" -> {
                a.atMost(0);
                return Py.str(value)
                        .replace("&", "&amp;")
                        .replace(">", "&gt;")
                        .replace("<", "&lt;")
                        .replace("'", "&#39;")
                        .replace("\"", "&#34;");
            }
            default -> throw new Unsupported("the " + name + " filter");
        }
    }

    /** int() and float() of an undefined value fail in Jinja2, where str() and len() do not. */
    private static void failIfUndefined(Object value) {
        if (value instanceof Undefined u) {
            throw Py.undefinedError(u);
        }
    }

    static boolean test(String name, Object value, Arguments a) {
        switch (name) {
            case "defined":
                return !(value instanceof Undefined);
            case "undefined":
                return value instanceof Undefined;
            case "none":
                return value == null;
            case "boolean":
                return value instanceof Boolean;
            case "true":
                return Boolean.TRUE.equals(value);
            case "false":
                return Boolean.FALSE.equals(value);
            case "integer":
                return value instanceof BigInteger;
            case "float":
                return value instanceof Double;
            case "number":
                return Py.isNumber(value);
            case "string":
                return value instanceof String;
            case "mapping":
                return value instanceof Map;
            case "sequence":
            case "iterable":
                return value instanceof String
                        || value instanceof List
                        || value instanceof Tuple
                        || value instanceof Map
                        || value instanceof Undefined;
            case "callable":
                return value instanceof Py.Callable;
            case "lower":
                return Py.str(value).equals(Py.str(value).toLowerCase(Locale.ROOT));
            case "upper":
                return Py.str(value).equals(Py.str(value).toUpperCase(Locale.ROOT));
            case "even":
            case "odd": {
                Object n = Py.numeric(value);
                if (!(n instanceof BigInteger i)) {
                    throw new Failure("not all arguments converted during string formatting");
                }
                return i.testBit(0) == name.equals("odd");
            }
            case "divisibleby": {
                Object n = Py.binary("%", value, a.required(0, "num"), Long.MAX_VALUE);
                return Py.equal(n, BigInteger.ZERO);
            }
            case "eq":
            case "equalto":
            case "==":
                return Py.equal(value, a.required(0, "other"));
            case "ne":
            case "!=":
                return !Py.equal(value, a.required(0, "other"));
            case "lt":
            case "lessthan":
            case "<":
                return Py.compare("<", value, a.required(0, "other")) < 0;
            case "le":
            case "<=":
                return Py.compare("<=", value, a.required(0, "other")) <= 0;
            case "gt":
            case "greaterthan":
            case ">":
                return Py.compare(">", value, a.required(0, "other")) > 0;
            case "ge":
            case ">=":
                return Py.compare(">=", value, a.required(0, "other")) >= 0;
            case "in":
                return Py.contains(a.required(0, "seq"), value);
            case "sameas": {
                Object other = a.required(0, "other");
                return value == other
                        || (value == null && other == null)
                        || (value instanceof Boolean && value.equals(other));
            }
            default:
                throw new Unsupported("the " + name + " test");
        }
    }

    private static final Set<String> STRING_METHODS = Set.of(
            "capitalize",
            "casefold",
            "center",
            "count",
            "encode",
            "endswith",
            "expandtabs",
            "find",
            "format",
            "format_map",
            "index",
            "isalnum",
            "isalpha",
            "isascii",
            "isdecimal",
            "isdigit",
            "isidentifier",
            "islower",
            "isnumeric",
            "isprintable",
            "isspace",
            "istitle",
            "isupper",
            "join",
            "ljust",
            "lower",
            "lstrip",
            "maketrans",
            "partition",
            "removeprefix",
            "removesuffix",
            "replace",
            "rfind",
            "rindex",
            "rjust",
            "rpartition",
            "rsplit",
            "rstrip",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "swapcase",
            "title",
            "translate",
            "upper",
            "zfill");
    private static final Set<String> DICT_METHODS = Set.of(
            "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values");
    private static final Set<String> LIST_METHODS =
            Set.of("append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort");

    /** {@code obj.name} when it is a Python method of a str, dict or list; null when there is none. */
    static Py.Callable method(Object target, String name, long maxLength) {
        if (target instanceof String s && STRING_METHODS.contains(name)) {
            return (args, kwargs) -> stringMethod(s, name, new Arguments(name, args, kwargs), maxLength);
        }
        if (target instanceof Map<?, ?> m && DICT_METHODS.contains(name)) {
            return (args, kwargs) -> dictMethod(m, name, new Arguments(name, args, kwargs));
        }
        if (target instanceof List<?> && !(target instanceof Tuple) && LIST_METHODS.contains(name)) {
            return (args, kwargs) -> {
                throw new Unsupported("the list method " + name + "()");
            };
        }
        return null;
    }

    private static Object stringMethod(String s, String name, Arguments a, long maxLength) {
        switch (name) {
            case "upper":
                a.atMost(0);
                return s.toUpperCase(Locale.ROOT);
            case "lower":
                a.atMost(0);
                return s.toLowerCase(Locale.ROOT);
            case "strip":
            case "lstrip":
            case "rstrip": {
                a.atMost(1);
                Object chars = a.get(0, "chars", null);
                return strip(s, chars == null ? null : Py.str(chars), !name.equals("rstrip"), !name.equals("lstrip"));
            }
            case "startswith":
            case "endswith": {
                a.atMost(1);
                Object prefix = a.required(0, "prefix");
                if (!(prefix instanceof String p)) {
                    throw new Unsupported("str." + name + "() with a " + Py.typeName(prefix));
                }
                return name.equals("startswith") ? s.startsWith(p) : s.endsWith(p);
            }
            case "replace": {
                a.atMost(3);
                Object count = a.get(2, "count", BigInteger.valueOf(-1));
                return replace(
                        s,
                        strArgument(a.required(0, "old"), name),
                        strArgument(a.required(1, "new"), name),
                        intArgument(count, "count"),
                        maxLength);
            }
            case "split": {
                a.atMost(2, "sep", "maxsplit");
                Object sep = a.get(0, "sep", null);
                int max = intArgument(a.get(1, "maxsplit", BigInteger.valueOf(-1)), "maxsplit");
                return split(s, sep == null ? null : strArgument(sep, name), max);
            }
            case "join": {
                a.atMost(1);
                List<String> parts = new ArrayList<>();
                for (Object item : Py.iterate(a.required(0, "iterable"))) {
                    if (!(item instanceof String str)) {
                        throw new Failure("sequence item " + parts.size() + ": expected str instance, "
                                + Py.typeName(item) + " found");
                    }
                    parts.add(str);
                }
                String joined = String.join(s, parts);
                Py.checkLength(joined.length(), maxLength);
                return joined;
            }
            case "capitalize":
                a.atMost(0);
                return capitalize(s);
            default:
                throw new Unsupported("the string method " + name + "()");
        }
    }

    private static Object dictMethod(Map<?, ?> m, String name, Arguments a) {
        switch (name) {
            case "get": {
                a.atMost(2);
                Object key = Py.findKey(m, a.required(0, "key"));
                return key == Py.MISSING ? a.get(1, "default", null) : m.get(key);
            }
            case "items":
                a.atMost(0);
                return pairs(m);
            case "keys":
                a.atMost(0);
                return new ArrayList<Object>(m.keySet());
            case "values":
                a.atMost(0);
                return new ArrayList<Object>(m.values());
            default:
                throw new Unsupported("the dict method " + name + "()");
        }
    }

    // ---- helpers with Python's semantics

    private static List<Object> pairs(Map<?, ?> m) {
        List<Object> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Tuple(java.util.Arrays.asList(k, v))));
        return out;
    }

    private static final Pattern INT_LITERAL = Pattern.compile("[+-]?(\\d(_?\\d)*)");

    /** Jinja2's int filter: int(value), else int(float(value)), else the default. */
    static Object toInt(Object value, Object fallback, Object base) {
        int radix = intArgument(base, "base");
        if (value instanceof String s) {
            String t = s.strip();
            if (radix == 10 && INT_LITERAL.matcher(t).matches()) {
                return new BigInteger(t.replace("_", "").replace("+", ""));
            }
            if (radix != 10) {
                throw new Unsupported("the int filter with base=" + radix);
            }
        } else if (value instanceof BigInteger i) {
            return i;
        } else if (value instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return fallback;
            }
            return new BigDecimal(d).toBigInteger();
        }
        Double f = toFloat(value);
        if (f == null || f.isNaN() || f.isInfinite()) {
            return fallback;
        }
        return new BigDecimal(f).toBigInteger();
    }

    private static final Pattern FLOAT_LITERAL = Pattern.compile(
            "[+-]?((\\d(_?\\d)*)?\\.?\\d(_?\\d)*([eE][+-]?\\d(_?\\d)*)?|(\\d(_?\\d)*)\\.|inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);

    /** Python's float(value), or null where it raises. */
    static Double toFloat(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof BigInteger || value instanceof Boolean) {
            return Py.toDouble(value);
        }
        if (value instanceof String s) {
            String t = s.strip();
            if (!FLOAT_LITERAL.matcher(t).matches()) {
                return null;
            }
            String lower = t.toLowerCase(Locale.ROOT).replace("_", "");
            String unsigned = lower.replaceFirst("^[+-]", "");
            double sign = lower.startsWith("-") ? -1 : 1;
            if (unsigned.startsWith("inf")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            return Double.parseDouble(lower);
        }
        return null;
    }

    private static int intArgument(Object v, String name) {
        Object n = Py.numeric(v);
        if (!(n instanceof BigInteger i)) {
            throw new Failure("'" + Py.typeName(v) + "' object cannot be interpreted as an integer (" + name + ")");
        }
        return i.max(BigInteger.valueOf(Integer.MIN_VALUE))
                .min(BigInteger.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    private static String strArgument(Object v, String function) {
        if (!(v instanceof String s)) {
            throw new Failure(function + "() argument must be str, not " + Py.typeName(v));
        }
        return s;
    }

    private static Object round(Object value, int precision, String method) {
        if (!Set.of("common", "ceil", "floor").contains(method)) {
            throw new Failure("method must be common, ceil or floor");
        }
        Double d = toFloat(Py.numeric(value));
        if (d == null) {
            throw new Failure("type " + Py.typeName(value) + " doesn't define __round__ method");
        }
        if (d.isNaN() || d.isInfinite()) {
            return d;
        }
        RoundingMode mode = switch (method) {
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> RoundingMode.HALF_EVEN;
        };
        // Python's round() works on the exact binary value, so halves that are not exact round either way
        return new BigDecimal(d).setScale(precision, mode).doubleValue();
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.offsetByCodePoints(0, 1);
        return s.substring(0, first).toUpperCase(Locale.ROOT)
                + s.substring(first).toLowerCase(Locale.ROOT);
    }

    /** Jinja2's title splits before runs of {@code -}, whitespace and opening brackets. */
    private static List<String> splitKeeping(String s) {
        List<String> parts = new ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("[-\\s({\\[<]+").matcher(s);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(s.substring(last, m.start()));
            }
            parts.add(m.group());
            last = m.end();
        }
        if (last < s.length()) {
            parts.add(s.substring(last));
        }
        return parts;
    }

    private static String strip(String s, String chars, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length();
        while (leading
                && start < end
                && (chars == null ? Character.isWhitespace(s.charAt(start)) : chars.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (trailing
                && end > start
                && (chars == null
                        ? Character.isWhitespace(s.charAt(end - 1))
                        : chars.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String replace(String s, String old, String replacement, int count, long maxLength) {
        StringBuilder out = new StringBuilder();
        int done = 0;
        int from = 0;
        if (old.isEmpty()) {
            // Python inserts the replacement between every character (and at both ends)
            for (int i = 0; i <= s.length(); i++) {
                if (count < 0 || done < count) {
                    out.append(replacement);
                    done++;
                }
                if (i < s.length()) {
                    out.append(s.charAt(i));
                }
                Py.checkLength(out.length(), maxLength);
            }
            return out.toString();
        }
        while (count < 0 || done < count) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            Py.checkLength(out.length(), maxLength);
            from = at + old.length();
            done++;
        }
        out.append(s.substring(from));
        Py.checkLength(out.length(), maxLength);
        return out.toString();
    }

    private static List<Object> split(String s, String sep, int max) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = s.stripLeading();
            while (!rest.isEmpty()) {
                if (max >= 0 && out.size() == max) {
                    out.add(rest.stripTrailing().isEmpty() ? rest : rest);
                    return out;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                out.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new Failure("empty separator");
        }
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** Jinja2's globals: range and dict are evaluated; the others are known but not evaluated here. */
    static Map<String, Object> globals(long maxItems) {
        Map<String, Object> globals = new LinkedHashMap<>();
        globals.put("range", (Py.Callable) (args, kwargs) -> range(args, kwargs, maxItems));
        globals.put("dict", (Py.Callable) (args, kwargs) -> {
            if (!args.isEmpty()) {
                throw new Unsupported("dict() with positional arguments");
            }
            return new LinkedHashMap<Object, Object>(kwargs);
        });
        for (String name : List.of("lipsum", "cycler", "joiner", "namespace")) {
            globals.put(name, (Py.Callable) (args, kwargs) -> {
                throw new Unsupported(name + "()");
            });
        }
        return globals;
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs, long maxItems) {
        if (!kwargs.isEmpty() || args.isEmpty() || args.size() > 3) {
            throw new Failure("range expected 1 to 3 integer arguments");
        }
        List<BigInteger> n = new ArrayList<>();
        for (Object arg : args) {
            if (!(Py.numeric(arg) instanceof BigInteger i)) {
                throw new Failure("'" + Py.typeName(arg) + "' object cannot be interpreted as an integer");
            }
            n.add(i);
        }
        BigInteger start = n.size() == 1 ? BigInteger.ZERO : n.get(0);
        BigInteger stop = n.size() == 1 ? n.get(0) : n.get(1);
        BigInteger step = n.size() == 3 ? n.get(2) : BigInteger.ONE;
        if (step.signum() == 0) {
            throw new Failure("range() arg 3 must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (BigInteger i = start; step.signum() > 0 ? i.compareTo(stop) < 0 : i.compareTo(stop) > 0; i = i.add(step)) {
            Py.checkLength(out.size() + 1L, maxItems);
            out.add(i);
        }
        return out;
    }
}
