package io.jenkins.plugins.dockerdelivery.jinja;

import java.util.List;

/** The parsed template: statements and expressions, each with the line it starts on. */
interface Node {
    int line();

    // ---- statements

    sealed interface Statement extends Node {}

    record Text(int line, String text) implements Statement {}

    record Print(int line, Expression value) implements Statement {}

    record If(int line, List<Branch> branches, List<Statement> otherwise) implements Statement {}

    record Branch(Expression test, List<Statement> body) {}

    record For(
            int line,
            List<String> targets,
            Expression iterable,
            Expression filter,
            List<Statement> body,
            List<Statement> otherwise)
            implements Statement {}

    record Set(int line, List<String> targets, Expression value) implements Statement {}

    record SetBlock(int line, String target, List<Statement> body) implements Statement {}

    record Include(int line, Expression template, boolean ignoreMissing) implements Statement {}

    // ---- expressions; depth is the longest chain of nested expressions below and including this one

    sealed interface Expression extends Node {
        int depth();
    }

    record Constant(int line, Object value) implements Expression {
        public int depth() {
            return 1;
        }
    }

    record Name(int line, String name) implements Expression {
        public int depth() {
            return 1;
        }
    }

    record GetAttribute(int line, Expression target, String name, int depth) implements Expression {}

    record GetItem(int line, Expression target, Expression key, int depth) implements Expression {}

    record Slice(int line, Expression target, Expression start, Expression stop, Expression step, int depth)
            implements Expression {}

    record Call(int line, Expression callee, List<Expression> args, List<Keyword> kwargs, int depth)
            implements Expression {}

    record Keyword(String name, Expression value) {}

    /** {@code deferred}: inside an if, an unknown filter is an error only when it is evaluated (Jinja2). */
    record Filter(int line, Expression target, String name, List<Expression> args, List<Keyword> kwargs, int depth)
            implements Expression {}

    record Test(
            int line,
            Expression target,
            String name,
            List<Expression> args,
            List<Keyword> kwargs,
            boolean negated,
            int depth)
            implements Expression {}

    record Binary(int line, String operator, Expression left, Expression right, int depth) implements Expression {}

    record Unary(int line, String operator, Expression operand, int depth) implements Expression {}

    /** {@code a < b < c}: one comparison chain, as in Python. */
    record Compare(int line, Expression first, List<String> operators, List<Expression> operands, int depth)
            implements Expression {}

    record Conditional(int line, Expression test, Expression then, Expression otherwise, int depth)
            implements Expression {}

    record ListLiteral(int line, List<Expression> items, boolean tuple, int depth) implements Expression {}

    record DictLiteral(int line, List<Expression> keys, List<Expression> values, int depth) implements Expression {}
}
