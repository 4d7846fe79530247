package io.jenkins.plugins.dockerdelivery.jinja;

import io.jenkins.plugins.dockerdelivery.jinja.Node.Expression;
import io.jenkins.plugins.dockerdelivery.jinja.Node.Keyword;
import io.jenkins.plugins.dockerdelivery.jinja.Node.Statement;
import io.jenkins.plugins.dockerdelivery.jinja.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Jinja2's grammar, rule for rule ({@code jinja2/parser.py}): the same operator precedence (so {@code
 * env.N|int+1} is {@code (env.N|int)+1}), the same errors for what Jinja2 refuses while compiling, and
 * limits where Jinja2 itself would stop with a RecursionError, so that no input can exhaust the
 * stack here.
 */
final class Parser {
    /** Brackets and parentheses inside each other: Jinja2 fails at about 70. */
    static final int MAX_NESTING = 64;
    /** The longest chain of operators and filters in one expression: Jinja2 fails at about 330 filters. */
    static final int MAX_DEPTH = 300;
    /** Blocks inside each other: Python refuses the compiled template beyond about 98 ifs... */
    static final int MAX_BLOCKS = 96;
    /** ...and beyond 20 nested for loops ("too many statically nested blocks"). */
    static final int MAX_LOOPS = 20;

    /** The filters and tests of Jinja2 3.1; a name outside these is an error, as in Jinja2. */
    static final Set<String> JINJA_FILTERS = Set.of(
            "abs",
            "attr",
            "batch",
            "capitalize",
            "center",
            "count",
            "d",
            "default",
            "dictsort",
            "e",
            "escape",
            "filesizeformat",
            "first",
            "float",
            "forceescape",
            "format",
            "groupby",
            "indent",
            "int",
            "items",
            "join",
            "last",
            "length",
            "list",
            "lower",
            "map",
            "max",
            "min",
            "pprint",
            "random",
            "reject",
            "rejectattr",
            "replace",
            "reverse",
            "round",
            "safe",
            "select",
            "selectattr",
            "slice",
            "sort",
            "string",
            "striptags",
            "sum",
            "title",
            "tojson",
            "trim",
            "truncate",
            "unique",
            "upper",
            "urlencode",
            "urlize",
            "wordcount",
            "wordwrap",
            "xmlattr");

    static final Set<String> JINJA_TESTS = Set.of(
            "!=",
            "<",
            "<=",
            "==",
            ">",
            ">=",
            "boolean",
            "callable",
            "defined",
            "divisibleby",
            "eq",
            "equalto",
            "escaped",
            "even",
            "false",
            "filter",
            "float",
            "ge",
            "greaterthan",
            "gt",
            "in",
            "integer",
            "iterable",
            "le",
            "lessthan",
            "lower",
            "lt",
            "mapping",
            "ne",
            "none",
            "number",
            "odd",
            "sameas",
            "sequence",
            "string",
            "test",
            "true",
            "undefined",
            "upper");
    /** Tags of Jinja2 that this renderer does not evaluate: a template using them cannot be checked. */
    private static final Set<String> UNSUPPORTED_TAGS =
            Set.of("macro", "call", "filter", "with", "block", "extends", "import", "from", "autoescape");

    private final String name;
    private final List<Token> tokens;
    private int pos;
    private int nesting;
    private int blocks;
    private int loops;
    /** Inside an if (or a conditional expression) an unknown filter fails only when evaluated. */
    private int soft;

    private Parser(String name, List<Token> tokens) {
        this.name = name;
        this.tokens = tokens;
    }

    static List<Statement> parse(String name, String text) {
        Parser parser = new Parser(name, Lexer.tokenize(name, text));
        List<Statement> body = parser.subparse(Set.of());
        return body;
    }

    // ---- statements

    private List<Statement> subparse(Set<String> endTags) {
        List<Statement> body = new ArrayList<>();
        while (true) {
            Token t = current();
            switch (t.kind()) {
                case DATA -> {
                    body.add(new Node.Text(t.line(), t.value()));
                    pos++;
                }
                case VARIABLE_BEGIN -> {
                    pos++;
                    Expression value = parseTuple(true, false);
                    expect(Kind.VARIABLE_END);
                    body.add(new Node.Print(t.line(), value));
                }
                case BLOCK_BEGIN -> {
                    pos++;
                    Token tag = current();
                    if (tag.kind() == Kind.NAME && endTags.contains(tag.value())) {
                        return body;
                    }
                    body.add(statement());
                }
                case END -> {
                    if (!endTags.isEmpty()) {
                        throw fail(
                                t,
                                "Unexpected end of template. Jinja was looking for the following tags: "
                                        + quoted(endTags) + ".");
                    }
                    return body;
                }
                default -> throw fail(t, "unexpected " + t.describe());
            }
        }
    }

    private Statement statement() {
        Token tag = current();
        if (tag.kind() != Kind.NAME) {
            throw fail(tag, "tag name expected");
        }
        if (++blocks > MAX_BLOCKS) {
            throw limit(tag, "blocks are nested more than " + MAX_BLOCKS + " deep");
        }
        try {
            pos++;
            return switch (tag.value()) {
                case "if" -> parseIf(tag);
                case "for" -> parseFor(tag);
                case "set" -> parseSet(tag);
                case "include" -> parseInclude(tag);
                default -> {
                    if (UNSUPPORTED_TAGS.contains(tag.value())) {
                        throw new JinjaException(
                                name,
                                tag.line(),
                                "the template uses {% " + tag.value() + " %}, which this check does not evaluate",
                                true);
                    }
                    throw fail(tag, "Encountered unknown tag '" + tag.value() + "'.");
                }
            };
        } finally {
            blocks--;
        }
    }

    private Statement parseIf(Token tag) {
        List<Node.Branch> branches = new ArrayList<>();
        List<Statement> otherwise = List.of();
        soft++;
        try {
            while (true) {
                Expression test = parseTuple(false, false);
                expect(Kind.BLOCK_END);
                List<Statement> body = subparse(Set.of("elif", "else", "endif"));
                branches.add(new Node.Branch(test, body));
                String end = next().value();
                if (end.equals("elif")) {
                    continue;
                }
                if (end.equals("else")) {
                    expect(Kind.BLOCK_END);
                    otherwise = subparse(Set.of("endif"));
                    pos++;
                }
                break;
            }
        } finally {
            soft--;
        }
        expect(Kind.BLOCK_END);
        return new Node.If(tag.line(), branches, otherwise);
    }

    private Statement parseFor(Token tag) {
        if (++loops > MAX_LOOPS) {
            throw limit(tag, "for loops are nested more than " + MAX_LOOPS + " deep (Python refuses that too)");
        }
        try {
            List<String> targets = assignTargets();
            expectName("in");
            Expression iterable = parseTuple(false, false);
            Expression filter = null;
            if (current().isName("if")) {
                pos++;
                filter = parseExpression(true);
            }
            if (current().isName("recursive")) {
                throw new JinjaException(
                        name,
                        tag.line(),
                        "the template uses a recursive for loop, which this check does not evaluate",
                        true);
            }
            expect(Kind.BLOCK_END);
            List<Statement> body = subparse(Set.of("endfor", "else"));
            List<Statement> otherwise = List.of();
            if (next().value().equals("else")) {
                expect(Kind.BLOCK_END);
                otherwise = subparse(Set.of("endfor"));
                pos++;
            }
            expect(Kind.BLOCK_END);
            return new Node.For(tag.line(), targets, iterable, filter, body, otherwise);
        } finally {
            loops--;
        }
    }

    private Statement parseSet(Token tag) {
        List<String> targets = assignTargets();
        if (current().isOperator("=")) {
            pos++;
            Expression value = parseTuple(true, false);
            expect(Kind.BLOCK_END);
            return new Node.Set(tag.line(), targets, value);
        }
        if (targets.size() != 1) {
            throw fail(current(), "expected token '=', got " + current().describe());
        }
        if (current().isOperator("|")) {
            throw new JinjaException(
                    name,
                    tag.line(),
                    "the template filters a {% set %} block, which this check does not evaluate",
                    true);
        }
        expect(Kind.BLOCK_END);
        List<Statement> body = subparse(Set.of("endset"));
        pos++;
        expect(Kind.BLOCK_END);
        return new Node.SetBlock(tag.line(), targets.get(0), body);
    }

    private Statement parseInclude(Token tag) {
        Expression template = parseExpression(true);
        boolean ignoreMissing = false;
        if (current().isName("ignore") && peek(1).isName("missing")) {
            pos += 2;
            ignoreMissing = true;
        }
        if ((current().isName("with") || current().isName("without")) && peek(1).isName("context")) {
            if (current().isName("without")) {
                throw new JinjaException(
                        name,
                        tag.line(),
                        "the template includes a file without context, which this check does not" + " evaluate",
                        true);
            }
            pos += 2;
        }
        expect(Kind.BLOCK_END);
        return new Node.Include(tag.line(), template, ignoreMissing);
    }

    /** {@code x}, {@code k, v} or {@code (k, v)}: names only (no attributes, as a plain set/for). */
    private List<String> assignTargets() {
        List<String> names = new ArrayList<>();
        boolean parenthesised = current().isOperator("(");
        if (parenthesised) {
            pos++;
        }
        while (true) {
            Token t = current();
            if (t.kind() != Kind.NAME) {
                throw fail(t, "expected name, got " + t.describe());
            }
            if (peek(1).isOperator(".")) {
                throw new JinjaException(
                        name,
                        t.line(),
                        "the template assigns to an attribute (a namespace), which this check does not" + " evaluate",
                        true);
            }
            if (Set.of("true", "false", "none", "True", "False", "None").contains(t.value())) {
                throw fail(t, "Can't assign to " + t.value());
            }
            names.add(t.value());
            pos++;
            if (!current().isOperator(",")) {
                break;
            }
            pos++;
            if (current().isName("in") || current().isOperator("=") || current().isOperator(")")) {
                break;
            }
        }
        if (parenthesised) {
            expectOperator(")");
        }
        return names;
    }

    // ---- expressions

    private Expression parseExpression(boolean withConditional) {
        return withConditional ? parseConditional() : parseOr();
    }

    private Expression parseConditional() {
        Expression expr = parseOr();
        while (current().isName("if")) {
            Token t = next();
            soft++;
            try {
                Expression test = parseOr();
                Expression otherwise = null;
                if (current().isName("else")) {
                    pos++;
                    otherwise = parseConditional();
                }
                expr = new Node.Conditional(t.line(), test, expr, otherwise, depth(t, test, expr, otherwise));
            } finally {
                soft--;
            }
        }
        return expr;
    }

    private Expression parseOr() {
        Expression left = parseAnd();
        while (current().isName("or")) {
            Token t = next();
            Expression right = parseAnd();
            left = new Node.Binary(t.line(), "or", left, right, depth(t, left, right));
        }
        return left;
    }

    private Expression parseAnd() {
        Expression left = parseNot();
        while (current().isName("and")) {
            Token t = next();
            Expression right = parseNot();
            left = new Node.Binary(t.line(), "and", left, right, depth(t, left, right));
        }
        return left;
    }

    private Expression parseNot() {
        if (current().isName("not")) {
            Token t = next();
            Expression operand = nested(t, this::parseNot);
            return new Node.Unary(t.line(), "not", operand, depth(t, operand));
        }
        return parseCompare();
    }

    private Expression parseCompare() {
        Token start = current();
        Expression first = parseMath1();
        List<String> operators = new ArrayList<>();
        List<Expression> operands = new ArrayList<>();
        List<Expression> all = new ArrayList<>(List.of(first));
        while (true) {
            Token t = current();
            String op = null;
            if (t.kind() == Kind.OPERATOR
                    && Set.of("==", "!=", "<", "<=", ">", ">=").contains(t.value())) {
                op = t.value();
                pos++;
            } else if (t.isName("in")) {
                op = "in";
                pos++;
            } else if (t.isName("not") && peek(1).isName("in")) {
                op = "not in";
                pos += 2;
            }
            if (op == null) {
                break;
            }
            operators.add(op);
            Expression operand = parseMath1();
            operands.add(operand);
            all.add(operand);
        }
        if (operators.isEmpty()) {
            return first;
        }
        return new Node.Compare(start.line(), first, operators, operands, depth(start, all.toArray(Expression[]::new)));
    }

    private Expression parseMath1() {
        Expression left = parseConcat();
        while (current().isOperator("+") || current().isOperator("-")) {
            Token t = next();
            Expression right = parseConcat();
            left = new Node.Binary(t.line(), t.value(), left, right, depth(t, left, right));
        }
        return left;
    }

    private Expression parseConcat() {
        Expression left = parseMath2();
        while (current().isOperator("~")) {
            Token t = next();
            Expression right = parseMath2();
            left = new Node.Binary(t.line(), "~", left, right, depth(t, left, right));
        }
        return left;
    }

    private Expression parseMath2() {
        Expression left = parsePow();
        while (Set.of("*", "/", "//", "%").contains(current().value())
                && current().kind() == Kind.OPERATOR) {
            Token t = next();
            Expression right = parsePow();
            left = new Node.Binary(t.line(), t.value(), left, right, depth(t, left, right));
        }
        return left;
    }

    private Expression parsePow() {
        Expression left = parseUnary(true);
        while (current().isOperator("**")) {
            Token t = next();
            Expression right = parseUnary(true);
            left = new Node.Binary(t.line(), "**", left, right, depth(t, left, right));
        }
        return left;
    }

    private Expression parseUnary(boolean withFilter) {
        Token t = current();
        Expression node;
        if (t.isOperator("-") || t.isOperator("+")) {
            pos++;
            Expression operand = nested(t, () -> parseUnary(false));
            node = new Node.Unary(t.line(), t.value(), operand, depth(t, operand));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        if (withFilter) {
            node = parseFilterExpression(node);
        }
        return node;
    }

    private Expression parsePrimary() {
        Token t = current();
        switch (t.kind()) {
            case NAME -> {
                pos++;
                return switch (t.value()) {
                    case "true", "True" -> new Node.Constant(t.line(), Boolean.TRUE);
                    case "false", "False" -> new Node.Constant(t.line(), Boolean.FALSE);
                    case "none", "None" -> new Node.Constant(t.line(), null);
                    default -> new Node.Name(t.line(), t.value());
                };
            }
            case STRING -> {
                StringBuilder s = new StringBuilder();
                while (current().kind() == Kind.STRING) {
                    s.append(next().value());
                }
                return new Node.Constant(t.line(), s.toString());
            }
            case INTEGER -> {
                pos++;
                return new Node.Constant(t.line(), integer(t.value()));
            }
            case FLOAT -> {
                pos++;
                return new Node.Constant(t.line(), Double.parseDouble(t.value().replace("_", "")));
            }
            case OPERATOR -> {
                switch (t.value()) {
                    case "(" -> {
                        pos++;
                        Expression inner = nested(t, () -> parseTuple(true, true));
                        expectOperator(")");
                        return inner;
                    }
                    case "[" -> {
                        return nested(t, this::parseList);
                    }
                    case "{" -> {
                        return nested(t, this::parseDict);
                    }
                    default -> throw fail(t, "unexpected " + t.describe());
                }
            }
            default -> throw fail(t, "unexpected " + t.describe());
        }
    }

    private static BigInteger integer(String text) {
        String digits = text.replace("_", "").toLowerCase(Locale.ROOT);
        if (digits.startsWith("0x")) {
            return new BigInteger(digits.substring(2), 16);
        }
        if (digits.startsWith("0o")) {
            return new BigInteger(digits.substring(2), 8);
        }
        if (digits.startsWith("0b")) {
            return new BigInteger(digits.substring(2), 2);
        }
        return new BigInteger(digits);
    }

    /**
     * {@code a, b} without parentheses is a tuple, as in Python; {@code ()} is the empty tuple. Ends at
     * the tag's end, a closing parenthesis, or (in a for) before {@code if}.
     */
    private Expression parseTuple(boolean withConditional, boolean explicitParentheses) {
        Token start = current();
        List<Expression> items = new ArrayList<>();
        boolean tuple = false;
        while (true) {
            if (!items.isEmpty()) {
                expectOperator(",");
            }
            Token t = current();
            if (t.kind() == Kind.VARIABLE_END || t.kind() == Kind.BLOCK_END || t.isOperator(")")) {
                break;
            }
            items.add(parseExpression(withConditional));
            if (current().isOperator(",")) {
                tuple = true;
            } else {
                break;
            }
        }
        if (!tuple) {
            if (!items.isEmpty()) {
                return items.get(0);
            }
            if (!explicitParentheses) {
                throw fail(
                        current(),
                        "Expected an expression, got " + quote(current().describe()));
            }
        }
        return new Node.ListLiteral(start.line(), items, true, depth(start, items.toArray(Expression[]::new)));
    }

    private Expression parseList() {
        Token start = expectOperator("[");
        List<Expression> items = new ArrayList<>();
        while (!current().isOperator("]")) {
            if (!items.isEmpty()) {
                expectOperator(",");
            }
            if (current().isOperator("]")) {
                break;
            }
            items.add(parseExpression(true));
        }
        expectOperator("]");
        return new Node.ListLiteral(start.line(), items, false, depth(start, items.toArray(Expression[]::new)));
    }

    private Expression parseDict() {
        Token start = expectOperator("{");
        List<Expression> keys = new ArrayList<>();
        List<Expression> values = new ArrayList<>();
        while (!current().isOperator("}")) {
            if (!keys.isEmpty()) {
                expectOperator(",");
            }
            if (current().isOperator("}")) {
                break;
            }
            keys.add(parseExpression(true));
            expectOperator(":");
            values.add(parseExpression(true));
        }
        expectOperator("}");
        List<Expression> all = new ArrayList<>(keys);
        all.addAll(values);
        return new Node.DictLiteral(start.line(), keys, values, depth(start, all.toArray(Expression[]::new)));
    }

    private Expression parsePostfix(Expression node) {
        while (true) {
            Token t = current();
            if (t.isOperator(".") || t.isOperator("[")) {
                node = parseSubscript(node);
            } else if (t.isOperator("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expression parseFilterExpression(Expression node) {
        while (true) {
            Token t = current();
            if (t.isOperator("|")) {
                node = parseFilter(node);
            } else if (t.isName("is")) {
                node = parseTest(node);
            } else if (t.isOperator("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expression parseSubscript(Expression node) {
        Token t = next();
        if (t.isOperator(".")) {
            Token attribute = next();
            if (attribute.kind() == Kind.NAME) {
                return new Node.GetAttribute(t.line(), node, attribute.value(), depth(t, node));
            }
            if (attribute.kind() == Kind.INTEGER) {
                Expression key = new Node.Constant(attribute.line(), integer(attribute.value()));
                return new Node.GetItem(t.line(), node, key, depth(t, node));
            }
            throw fail(attribute, "expected name or number");
        }
        return nested(t, () -> {
            List<Expression> parts = new ArrayList<>();
            boolean slice = false;
            Expression[] bounds = new Expression[3];
            int part = 0;
            while (!current().isOperator("]")) {
                if (current().isOperator(":")) {
                    slice = true;
                    pos++;
                    part++;
                    if (part > 2) {
                        throw fail(current(), "unexpected ':'");
                    }
                    continue;
                }
                if (current().isOperator(",")) {
                    throw new JinjaException(
                            name,
                            t.line(),
                            "the template subscripts with a tuple, which this check does not evaluate",
                            true);
                }
                bounds[part] = parseExpression(true);
                parts.add(bounds[part]);
            }
            expectOperator("]");
            List<Expression> all = new ArrayList<>(parts);
            all.add(node);
            int depth = depth(t, all.toArray(Expression[]::new));
            if (slice) {
                return new Node.Slice(t.line(), node, bounds[0], bounds[1], bounds[2], depth);
            }
            if (bounds[0] == null) {
                throw fail(current(), "expected an expression in []");
            }
            return new Node.GetItem(t.line(), node, bounds[0], depth);
        });
    }

    private Expression parseCall(Expression callee) {
        Token t = current();
        List<Expression> args = new ArrayList<>();
        List<Keyword> kwargs = new ArrayList<>();
        callArguments(args, kwargs);
        return new Node.Call(t.line(), callee, args, kwargs, depth(t, withCallee(callee, args, kwargs)));
    }

    private void callArguments(List<Expression> args, List<Keyword> kwargs) {
        Token open = expectOperator("(");
        nested(open, () -> {
            while (!current().isOperator(")")) {
                if (!args.isEmpty() || !kwargs.isEmpty()) {
                    expectOperator(",");
                    if (current().isOperator(")")) {
                        break;
                    }
                }
                if (current().isOperator("*") || current().isOperator("**")) {
                    throw new JinjaException(
                            name,
                            current().line(),
                            "the template passes *args or **kwargs, which this check does not" + " evaluate",
                            true);
                }
                if (current().kind() == Kind.NAME && peek(1).isOperator("=")) {
                    String key = next().value();
                    pos++;
                    kwargs.add(new Keyword(key, parseExpression(true)));
                } else {
                    if (!kwargs.isEmpty()) {
                        throw fail(current(), "Invalid argument syntax");
                    }
                    args.add(parseExpression(true));
                }
            }
            return null;
        });
        expectOperator(")");
    }

    private Expression parseFilter(Expression node) {
        Token bar = next();
        Token first = next();
        if (first.kind() != Kind.NAME) {
            throw fail(first, "expected token 'name', got " + first.describe());
        }
        StringBuilder filter = new StringBuilder(first.value());
        while (current().isOperator(".")) {
            pos++;
            filter.append('.').append(next().value());
        }
        String filterName = filter.toString();
        if (!JINJA_FILTERS.contains(filterName) && soft == 0) {
            throw fail(first, "No filter named '" + filterName + "'.");
        }
        List<Expression> args = new ArrayList<>();
        List<Keyword> kwargs = new ArrayList<>();
        if (current().isOperator("(")) {
            callArguments(args, kwargs);
        }
        return new Node.Filter(bar.line(), node, filterName, args, kwargs, depth(bar, withCallee(node, args, kwargs)));
    }

    private Expression parseTest(Expression node) {
        Token is = next();
        boolean negated = false;
        if (current().isName("not")) {
            pos++;
            negated = true;
        }
        Token first = next();
        if (first.kind() != Kind.NAME) {
            throw fail(first, "expected token 'name', got " + first.describe());
        }
        StringBuilder test = new StringBuilder(first.value());
        while (current().isOperator(".")) {
            pos++;
            test.append('.').append(next().value());
        }
        String testName = test.toString();
        if (!JINJA_TESTS.contains(testName) && soft == 0) {
            throw fail(first, "No test named '" + testName + "'.");
        }
        List<Expression> args = new ArrayList<>();
        List<Keyword> kwargs = new ArrayList<>();
        Token t = current();
        if (t.isOperator("(")) {
            callArguments(args, kwargs);
        } else if ((Set.of(Kind.NAME, Kind.STRING, Kind.INTEGER, Kind.FLOAT).contains(t.kind())
                        || t.isOperator("(")
                        || t.isOperator("[")
                        || t.isOperator("{"))
                && !(t.isName("else") || t.isName("or") || t.isName("and"))) {
            if (t.isName("is")) {
                throw fail(t, "You cannot chain multiple tests with is");
            }
            args.add(parsePostfix(parsePrimary()));
        }
        return new Node.Test(
                is.line(), node, testName, args, kwargs, negated, depth(is, withCallee(node, args, kwargs)));
    }

    private static Expression[] withCallee(Expression callee, List<Expression> args, List<Keyword> kwargs) {
        List<Expression> all = new ArrayList<>(args);
        kwargs.forEach(k -> all.add(k.value()));
        all.add(callee);
        return all.toArray(Expression[]::new);
    }

    // ---- limits and tokens

    private <T> T nested(Token at, java.util.function.Supplier<T> inner) {
        if (++nesting > MAX_NESTING) {
            throw limit(at, "brackets or operators are nested more than " + MAX_NESTING + " deep");
        }
        try {
            return inner.get();
        } finally {
            nesting--;
        }
    }

    private int depth(Token at, Expression... children) {
        int max = 0;
        for (Expression child : children) {
            if (child != null) {
                max = Math.max(max, child.depth());
            }
        }
        if (max + 1 > MAX_DEPTH) {
            throw limit(at, "an expression chains more than " + MAX_DEPTH + " operations or filters");
        }
        return max + 1;
    }

    private Token current() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind) {
        Token t = current();
        if (t.kind() != kind) {
            String wanted = switch (kind) {
                case VARIABLE_END -> "end of print statement";
                case BLOCK_END -> "end of statement block";
                default -> kind.name().toLowerCase(Locale.ROOT);
            };
            if (t.kind() == Kind.END) {
                throw fail(t, "unexpected end of template, expected '" + wanted + "'.");
            }
            throw fail(t, "expected token '" + wanted + "', got " + t.describe());
        }
        pos++;
        return t;
    }

    private Token expectOperator(String op) {
        Token t = current();
        if (!t.isOperator(op)) {
            throw fail(t, "expected token '" + op + "', got " + t.describe());
        }
        pos++;
        return t;
    }

    private void expectName(String word) {
        Token t = current();
        if (!t.isName(word)) {
            throw fail(t, "expected token '" + word + "', got " + t.describe());
        }
        pos++;
    }

    private static String quote(String described) {
        return described.startsWith("'") ? described : "'" + described + "'";
    }

    private static String quoted(Set<String> tags) {
        return String.join(
                " or ", tags.stream().sorted().map(s -> "'" + s + "'").toList());
    }

    private JinjaException fail(Token at, String message) {
        return new JinjaException(name, at.line(), message, false);
    }

    private JinjaException limit(Token at, String message) {
        return new JinjaException(name, at.line(), message + ": this check stops there (Jinja2 fails too)", false);
    }
}
