package io.jenkins.plugins.dockerdelivery.jinja;

/** One token of a template: text outside tags, a tag's start or end, or a piece of an expression. */
record Token(Kind kind, String value, int line) {
    enum Kind {
        DATA,
        VARIABLE_BEGIN,
        VARIABLE_END,
        BLOCK_BEGIN,
        BLOCK_END,
        NAME,
        STRING,
        INTEGER,
        FLOAT,
        OPERATOR,
        END
    }

    boolean is(Kind k, String v) {
        return kind == k && value.equals(v);
    }

    boolean isOperator(String v) {
        return is(Kind.OPERATOR, v);
    }

    boolean isName(String v) {
        return is(Kind.NAME, v);
    }

    String describe() {
        return switch (kind) {
            case END -> "end of template";
            case VARIABLE_END -> "end of print statement";
            case BLOCK_END -> "end of statement block";
            case DATA -> "template data";
            default -> "'" + value + "'";
        };
    }
}
