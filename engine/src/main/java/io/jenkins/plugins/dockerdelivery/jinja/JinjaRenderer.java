package io.jenkins.plugins.dockerdelivery.jinja;

import io.jenkins.plugins.dockerdelivery.jinja.Node.Expression;
import io.jenkins.plugins.dockerdelivery.jinja.Node.Statement;
import io.jenkins.plugins.dockerdelivery.jinja.Py.Tuple;
import io.jenkins.plugins.dockerdelivery.jinja.Py.Undefined;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a Jinja2 template as Jinja2 3.1 does with a default {@code Environment} (what Maestro-NG
 * uses): undefined values print as nothing but fail in arithmetic or attribute access, unknown
 * filters are errors, {@code {% include %}} goes through a loader. It evaluates the language that
 * configuration files use (expressions, filters, tests, if, for, set, include, raw); the rest of
 * Jinja2 (macros, extends, call blocks...) is reported as {@linkplain JinjaException#unsupported()
 * not evaluated} rather than guessed. Time, output and nesting are bounded.
 */
public final class JinjaRenderer {
    /** Reads included templates: the text, or null when there is no such template. Without a loader, an include is not evaluated. */
    public interface Loader {
        String load(String name) throws IOException;
    }

    /**
     * @param maxOutput characters of output, and of any one value built while rendering
     * @param maxSteps expressions and statements evaluated, loops included
     */
    public record Limits(long maxOutput, long maxSteps, int maxIncludeDepth) {}

    private final Loader loader;
    private final Limits limits;
    private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();
    private final Deque<String> templates = new ArrayDeque<>();
    private long steps;

    private JinjaRenderer(Loader loader, Limits limits) {
        this.loader = loader;
        this.limits = limits;
    }

    /**
     * @throws JinjaException when Jinja2 would refuse the template, when a limit is reached, or (with
     *     {@link JinjaException#unsupported()}) when the template needs what is not evaluated here
     */
    public static String render(String name, String text, Map<String, Object> variables, Loader loader, Limits limits) {
        JinjaRenderer renderer = new JinjaRenderer(loader, limits);
        Map<String, Object> root = new LinkedHashMap<>(Builtins.globals(limits.maxOutput()));
        root.putAll(variables);
        renderer.scopes.push(root);
        StringBuilder out = new StringBuilder();
        renderer.renderTemplate(name, text, out);
        return out.toString();
    }

    private void renderTemplate(String name, String text, StringBuilder out) {
        templates.push(name);
        try {
            List<Statement> body;
            try {
                body = Parser.parse(name, text);
            } catch (StackOverflowError e) {
                throw new JinjaException(name, 0, "the template nests too deeply to be read", false);
            }
            statements(body, out);
        } finally {
            templates.pop();
        }
    }

    // ---- statements

    private void statements(List<Statement> body, StringBuilder out) {
        for (Statement statement : body) {
            statement(statement, out);
        }
    }

    private void statement(Statement s, StringBuilder out) {
        step(s);
        try {
            if (s instanceof Node.Text t) {
                write(out, t.text(), s);
            } else if (s instanceof Node.Print p) {
                write(out, Py.str(eval(p.value())), s);
            } else if (s instanceof Node.If i) {
                branch(i, out);
            } else if (s instanceof Node.For f) {
                loop(f, out);
            } else if (s instanceof Node.Set set) {
                assign(set.targets(), eval(set.value()), s);
            } else if (s instanceof Node.SetBlock block) {
                StringBuilder captured = new StringBuilder();
                statements(block.body(), captured);
                scopes.peek().put(block.target(), captured.toString());
            } else if (s instanceof Node.Include include) {
                include(include, out);
            }
        } catch (Py.Failure e) {
            throw error(s, e.getMessage());
        } catch (Builtins.Unsupported e) {
            throw new JinjaException(
                    templates.peek(),
                    s.line(),
                    "the template uses " + e.getMessage() + ", which this check does not" + " evaluate",
                    true);
        } catch (Py.LimitExceeded e) {
            throw error(s, e.getMessage() + ": this check stops there");
        }
    }

    private void branch(Node.If i, StringBuilder out) {
        for (Node.Branch branch : i.branches()) {
            if (Py.truthy(eval(branch.test()))) {
                statements(branch.body(), out);
                return;
            }
        }
        statements(i.otherwise(), out);
    }

    private void loop(Node.For f, StringBuilder out) {
        List<Object> items = new ArrayList<>();
        Map<String, Object> scope = new LinkedHashMap<>();
        scopes.push(scope);
        try {
            for (Object item : Py.iterate(eval(f.iterable()))) {
                if (f.filter() != null) {
                    assign(f.targets(), item, f);
                    if (!Py.truthy(eval(f.filter()))) {
                        continue;
                    }
                }
                items.add(item);
            }
            for (int i = 0; i < items.size(); i++) {
                step(f);
                scope.put("loop", new LoopInfo(items, i));
                assign(f.targets(), items.get(i), f);
                statements(f.body(), out);
            }
        } finally {
            scopes.pop();
        }
        if (items.isEmpty()) {
            statements(f.otherwise(), out);
        }
    }

    private void assign(List<String> targets, Object value, Node at) {
        Map<String, Object> scope = scopes.peek();
        if (targets.size() == 1) {
            scope.put(targets.get(0), value);
            return;
        }
        List<Object> parts;
        try {
            parts = Py.iterate(value);
        } catch (Py.Failure e) {
            throw new Py.Failure("cannot unpack non-iterable " + Py.typeName(value) + " object");
        }
        if (parts.size() != targets.size()) {
            throw new Py.Failure(
                    parts.size() > targets.size()
                            ? "too many values to unpack (expected " + targets.size() + ")"
                            : "not enough values to unpack (expected " + targets.size() + ", got " + parts.size()
                                    + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.put(targets.get(i), parts.get(i));
        }
    }

    private void include(Node.Include include, StringBuilder out) {
        Object name = eval(include.template());
        List<Object> candidates = name instanceof List<?> || name instanceof Tuple ? Py.iterate(name) : List.of(name);
        if (templates.size() > limits.maxIncludeDepth()) {
            throw new Py.LimitExceeded("includes are nested more than " + limits.maxIncludeDepth() + " deep");
        }
        if (loader == null) {
            throw new Builtins.Unsupported("{% include %} (included files are not read here)");
        }
        for (Object candidate : candidates) {
            if (candidate instanceof Undefined u) {
                throw Py.undefinedError(u);
            }
            String file = Py.str(candidate);
            String text;
            try {
                text = loader.load(file);
            } catch (IOException e) {
                throw new Py.Failure("cannot read the included template " + file + ": " + e.getMessage());
            }
            if (text != null) {
                renderTemplate(file, text, out);
                return;
            }
        }
        if (!include.ignoreMissing()) {
            throw new Py.Failure("TemplateNotFound: "
                    + String.join(", ", candidates.stream().map(Py::str).toList()));
        }
    }

    private void write(StringBuilder out, String text, Node at) {
        if ((long) out.length() + text.length() > limits.maxOutput()) {
            throw error(
                    at,
                    "the rendered template grows past " + limits.maxOutput() + " characters: this check stops"
                            + " there");
        }
        out.append(text);
    }

    // ---- expressions

    private Object eval(Expression e) {
        step(e);
        if (e instanceof Node.Constant c) {
            return c.value();
        }
        if (e instanceof Node.Name n) {
            return lookup(n.name());
        }
        if (e instanceof Node.GetAttribute g) {
            return attribute(eval(g.target()), g.name());
        }
        if (e instanceof Node.GetItem g) {
            return item(eval(g.target()), eval(g.key()));
        }
        if (e instanceof Node.Slice s) {
            return slice(eval(s.target()), optional(s.start()), optional(s.stop()), optional(s.step()));
        }
        if (e instanceof Node.Call c) {
            return call(c);
        }
        if (e instanceof Node.Filter f) {
            return filter(f);
        }
        if (e instanceof Node.Test t) {
            return test(t);
        }
        if (e instanceof Node.Binary b) {
            return binary(b);
        }
        if (e instanceof Node.Unary u) {
            return switch (u.operator()) {
                case "not" -> !Py.truthy(eval(u.operand()));
                case "-" -> Py.negate(eval(u.operand()));
                default -> Py.positive(eval(u.operand()));
            };
        }
        if (e instanceof Node.Compare c) {
            return compare(c);
        }
        if (e instanceof Node.Conditional c) {
            if (Py.truthy(eval(c.test()))) {
                return eval(c.then());
            }
            return c.otherwise() == null
                    ? new Undefined("the inline if evaluated to false and has no else")
                    : eval(c.otherwise());
        }
        if (e instanceof Node.ListLiteral l) {
            List<Object> items = new ArrayList<>();
            for (Expression item : l.items()) {
                items.add(eval(item));
            }
            return l.tuple() ? new Tuple(items) : items;
        }
        Node.DictLiteral d = (Node.DictLiteral) e;
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
            Object key = eval(d.keys().get(i));
            if (key instanceof List<?> && !(key instanceof Tuple) || key instanceof Map<?, ?>) {
                throw new Py.Failure("unhashable type: '" + Py.typeName(key) + "'");
            }
            Object existing = Py.findKey(map, key);
            map.put(existing == Py.MISSING ? key : existing, eval(d.values().get(i)));
        }
        return map;
    }

    private Object optional(Expression e) {
        return e == null ? null : eval(e);
    }

    private Object lookup(String name) {
        for (Map<String, Object> scope : scopes) {
            if (scope.containsKey(name)) {
                return scope.get(name);
            }
        }
        return new Undefined("'" + name + "' is undefined");
    }

    private Object attribute(Object target, String name) {
        if (target instanceof Undefined u) {
            throw Py.undefinedError(u);
        }
        if (target instanceof LoopInfo loop) {
            return loop.get(name);
        }
        Py.Callable method = Builtins.method(target, name, limits.maxOutput());
        if (method != null) {
            return method;
        }
        if (target instanceof Map<?, ?> m) {
            Object key = Py.findKey(m, name);
            if (key != Py.MISSING) {
                return m.get(key);
            }
        }
        return new Undefined(describe(target) + " has no attribute '" + name + "'");
    }

    /** Jinja2's getitem: {@code obj[key]}, then (for a string key) the attribute, else undefined. */
    private Object item(Object target, Object key) {
        if (target instanceof Undefined u) {
            throw Py.undefinedError(u);
        }
        if (target instanceof Map<?, ?> m) {
            Object found = Py.findKey(m, key);
            if (found != Py.MISSING) {
                return m.get(found);
            }
        } else if ((target instanceof List<?> || target instanceof Tuple || target instanceof String)
                && Py.numeric(key) instanceof BigInteger index) {
            List<Object> items = Py.iterate(target);
            BigInteger size = BigInteger.valueOf(items.size());
            BigInteger i = index.signum() < 0 ? index.add(size) : index;
            if (i.signum() >= 0 && i.compareTo(size) < 0) {
                return items.get(i.intValue());
            }
        }
        if (key instanceof String name) {
            return attribute(target, name);
        }
        return new Undefined(describe(target) + " has no element " + Py.repr(key));
    }

    private Object slice(Object target, Object start, Object stop, Object step) {
        if (target instanceof Undefined u) {
            throw Py.undefinedError(u);
        }
        if (!(target instanceof String || target instanceof List<?> || target instanceof Tuple)) {
            throw new Py.Failure("'" + Py.typeName(target) + "' object is not subscriptable");
        }
        List<Object> items = Py.iterate(target);
        int n = items.size();
        int by = step == null ? 1 : index(step);
        if (by == 0) {
            throw new Py.Failure("slice step cannot be zero");
        }
        int from = start == null ? (by > 0 ? 0 : n - 1) : clamp(index(start), n, by);
        int to = stop == null ? (by > 0 ? n : -1) : clamp(index(stop), n, by);
        List<Object> out = new ArrayList<>();
        for (int i = from; by > 0 ? i < to : i > to; i += by) {
            out.add(items.get(i));
        }
        if (target instanceof String) {
            return String.join("", out.stream().map(String.class::cast).toList());
        }
        return target instanceof Tuple ? new Tuple(out) : out;
    }

    private static int index(Object v) {
        if (!(Py.numeric(v) instanceof BigInteger i)) {
            throw new Py.Failure("slice indices must be integers or None");
        }
        return i.max(BigInteger.valueOf(-Integer.MAX_VALUE))
                .min(BigInteger.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    private static int clamp(int i, int n, int step) {
        if (i < 0) {
            i += n;
            if (i < 0) {
                return step > 0 ? 0 : -1;
            }
        }
        if (i >= n) {
            return step > 0 ? n : n - 1;
        }
        return i;
    }

    private Object call(Node.Call c) {
        Object callee = eval(c.callee());
        if (callee instanceof Undefined u) {
            throw Py.undefinedError(u);
        }
        if (!(callee instanceof Py.Callable function)) {
            throw new Py.Failure("'" + Py.typeName(callee) + "' object is not callable");
        }
        List<Object> args = new ArrayList<>();
        for (Expression arg : c.args()) {
            args.add(eval(arg));
        }
        return function.call(args, keywords(c.kwargs()));
    }

    private Map<String, Object> keywords(List<Node.Keyword> kwargs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Node.Keyword k : kwargs) {
            out.put(k.name(), eval(k.value()));
        }
        return out;
    }

    private Object filter(Node.Filter f) {
        if (!Parser.JINJA_FILTERS.contains(f.name())) {
            throw new Py.Failure("No filter named '" + f.name() + "' found.");
        }
        Object value = eval(f.target());
        List<Object> args = new ArrayList<>();
        for (Expression arg : f.args()) {
            args.add(eval(arg));
        }
        return Builtins.filter(
                f.name(), value, new Arguments(f.name(), args, keywords(f.kwargs())), limits.maxOutput());
    }

    private Object test(Node.Test t) {
        if (!Parser.JINJA_TESTS.contains(t.name())) {
            throw new Py.Failure("No test named '" + t.name() + "' found.");
        }
        Object value = eval(t.target());
        List<Object> args = new ArrayList<>();
        for (Expression arg : t.args()) {
            args.add(eval(arg));
        }
        boolean result = Builtins.test(t.name(), value, new Arguments(t.name(), args, keywords(t.kwargs())));
        return result != t.negated();
    }

    private Object binary(Node.Binary b) {
        switch (b.operator()) {
            case "and": {
                Object left = eval(b.left());
                return Py.truthy(left) ? eval(b.right()) : left;
            }
            case "or": {
                Object left = eval(b.left());
                return Py.truthy(left) ? left : eval(b.right());
            }
            case "~": {
                String joined = Py.str(eval(b.left())) + Py.str(eval(b.right()));
                Py.checkLength(joined.length(), limits.maxOutput());
                return joined;
            }
            default:
                return Py.binary(b.operator(), eval(b.left()), eval(b.right()), limits.maxOutput());
        }
    }

    private Object compare(Node.Compare c) {
        Object left = eval(c.first());
        for (int i = 0; i < c.operators().size(); i++) {
            Object right = eval(c.operands().get(i));
            String op = c.operators().get(i);
            boolean ok = switch (op) {
                case "==" -> Py.equal(left, right);
                case "!=" -> !Py.equal(left, right);
                case "in" -> Py.contains(right, left);
                case "not in" -> !Py.contains(right, left);
                case "<" -> Py.compare(op, left, right) < 0;
                case "<=" -> Py.compare(op, left, right) <= 0;
                case ">" -> Py.compare(op, left, right) > 0;
                default -> Py.compare(op, left, right) >= 0;
            };
            if (!ok) {
                return false;
            }
            left = right;
        }
        return true;
    }

    /** The {@code loop} variable of a for loop, made once per iteration: cheap until asked. */
    private record LoopInfo(List<Object> items, int i) {
        Object get(String name) {
            int n = items.size();
            return switch (name) {
                case "index" -> BigInteger.valueOf(i + 1L);
                case "index0" -> BigInteger.valueOf(i);
                case "revindex" -> BigInteger.valueOf((long) n - i);
                case "revindex0" -> BigInteger.valueOf(n - 1L - i);
                case "first" -> i == 0;
                case "last" -> i == n - 1;
                case "length" -> BigInteger.valueOf(n);
                case "previtem" -> i > 0 ? items.get(i - 1) : new Undefined("there is no previous item");
                case "nextitem" -> i + 1 < n ? items.get(i + 1) : new Undefined("there is no next item");
                case "cycle", "changed", "depth", "depth0" ->
                    (Py.Callable) (args, kwargs) -> {
                        throw new Builtins.Unsupported("loop." + name);
                    };
                default -> new Undefined("'LoopContext object' has no attribute '" + name + "'");
            };
        }
    }

    private static String describe(Object v) {
        return v == null ? "'None'" : "'" + Py.typeName(v) + " object'";
    }

    private void step(Node at) {
        if (++steps > limits.maxSteps()) {
            throw error(
                    at,
                    "the template takes more than " + limits.maxSteps() + " steps to render: this check stops"
                            + " there");
        }
    }

    private JinjaException error(Node at, String message) {
        return new JinjaException(templates.peek(), at.line(), message, false);
    }
}
