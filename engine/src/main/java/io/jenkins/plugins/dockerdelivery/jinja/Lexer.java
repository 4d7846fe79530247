package io.jenkins.plugins.dockerdelivery.jinja;

import io.jenkins.plugins.dockerdelivery.jinja.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into tokens the way Jinja2's lexer does with its default settings: text, {@code
 * {{ }}}, {@code {% %}} and {@code {# #}} with {@code -} whitespace control, {@code {% raw %}},
 * newlines normalised to {@code \n} and one trailing newline dropped. Inside a tag, a closing {@code
 * }}} counts as the tag's end only where brackets are balanced, as in Jinja2.
 */
final class Lexer {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT =
            Pattern.compile("(?<!\\.)(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER =
            Pattern.compile("(0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[\\da-fA-F])+|[1-9](_?\\d)*|0(_?0)*)");
    private static final Pattern STRING =
            Pattern.compile("('([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\")", Pattern.DOTALL);
    private static final Pattern RAW_END = Pattern.compile("\\{%(-?)\\s*endraw\\s*(-?)%}");
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%(-?)\\s*raw\\s*(-?)%}");
    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=",
        ".", ":", "|", ",", ";"
    };

    private final String name;
    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    /** Set by a {@code -%}}-style end: the text that follows loses its leading whitespace. */
    private boolean stripNext;

    private Lexer(String name, String source) {
        this.name = name;
        this.source = source;
    }

    static List<Token> tokenize(String name, String text) {
        String source = text.replace("\r\n", "\n").replace('\r', '\n');
        if (source.endsWith("\n")) {
            source = source.substring(0, source.length() - 1);
        }
        Lexer lexer = new Lexer(name, source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < source.length()) {
            int next = nextTagStart(pos);
            if (next < 0) {
                data(source.length(), false);
                break;
            }
            boolean stripBefore = next + 2 < source.length() && source.charAt(next + 2) == '-';
            Matcher raw = RAW_BEGIN.matcher(source).region(next, source.length());
            if (raw.lookingAt()) {
                data(next, raw.group(1).equals("-"));
                raw(raw);
                continue;
            }
            data(next, stripBefore);
            char type = source.charAt(next + 1);
            boolean marker =
                    next + 2 < source.length() && (source.charAt(next + 2) == '-' || source.charAt(next + 2) == '+');
            pos = next + 2 + (marker ? 1 : 0);
            if (type == '#') {
                comment(next);
            } else {
                tag(type == '{' ? Kind.VARIABLE_BEGIN : Kind.BLOCK_BEGIN, type == '{' ? "}}" : "%}");
            }
        }
        tokens.add(new Token(Kind.END, "", line));
    }

    private int nextTagStart(int from) {
        int i = source.indexOf('{', from);
        while (i >= 0 && i + 1 < source.length()) {
            char c = source.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = source.indexOf('{', i + 1);
        }
        return -1;
    }

    /** The text from {@code pos} to {@code end}; lines are counted over the source, not the trimmed text. */
    private void data(int end, boolean stripTrailing) {
        String text = source.substring(pos, end);
        if (stripNext) {
            text = text.stripLeading();
            stripNext = false;
        }
        if (stripTrailing) {
            text = text.stripTrailing();
        }
        int startLine = line;
        line += count(source, pos, end);
        pos = end;
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.DATA, text, startLine));
        }
    }

    private void raw(Matcher begin) {
        pos = begin.end();
        Matcher end = RAW_END.matcher(source).region(pos, source.length());
        if (!end.find()) {
            throw error("Missing end of raw directive");
        }
        String text = source.substring(pos, end.start());
        if (begin.group(2).equals("-")) {
            text = text.stripLeading();
        }
        if (end.group(1).equals("-")) {
            text = text.stripTrailing();
        }
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.DATA, text, line));
        }
        line += count(source, pos, end.end());
        pos = end.end();
        stripNext = end.group(2).equals("-");
    }

    private void comment(int start) {
        int end = source.indexOf("#}", pos);
        if (end < 0) {
            throw error("Missing end of comment tag");
        }
        stripNext = source.charAt(end - 1) == '-' && end - 1 >= pos;
        line += count(source, start, end + 2);
        pos = end + 2;
    }

    private void tag(Kind begin, String close) {
        tokens.add(new Token(begin, "", line));
        Kind endKind = begin == Kind.VARIABLE_BEGIN ? Kind.VARIABLE_END : Kind.BLOCK_END;
        Deque<String> balancing = new ArrayDeque<>();
        while (true) {
            skipWhitespace();
            if (pos >= source.length()) {
                throw error("unexpected end of template, expected '" + close + "'.");
            }
            if (balancing.isEmpty()) {
                if (source.startsWith("-" + close, pos)) {
                    pos += 1 + close.length();
                    stripNext = true;
                    tokens.add(new Token(endKind, close, line));
                    return;
                }
                if (source.startsWith(close, pos)) {
                    pos += close.length();
                    tokens.add(new Token(endKind, close, line));
                    return;
                }
            }
            Matcher m;
            if ((m = match(FLOAT)) != null) {
                add(Kind.FLOAT, m.group());
            } else if ((m = match(INTEGER)) != null) {
                add(Kind.INTEGER, m.group());
            } else if ((m = match(NAME)) != null) {
                add(Kind.NAME, m.group());
            } else if ((m = match(STRING)) != null) {
                int startLine = line;
                line += count(source, pos, m.end());
                tokens.add(new Token(
                        Kind.STRING, unescape(m.group().substring(1, m.group().length() - 1)), startLine));
                pos = m.end();
            } else {
                String op = operator();
                if (op == null) {
                    throw error("unexpected char '" + source.charAt(pos) + "' at " + pos);
                }
                switch (op) {
                    case "(" -> balancing.push(")");
                    case "[" -> balancing.push("]");
                    case "{" -> balancing.push("}");
                    case ")", "]", "}" -> {
                        if (balancing.isEmpty()) {
                            throw error("unexpected '" + op + "'");
                        }
                        String expected = balancing.pop();
                        if (!expected.equals(op)) {
                            throw error("unexpected '" + op + "', expected '" + expected + "'");
                        }
                    }
                    default -> {}
                }
                add(Kind.OPERATOR, op);
            }
        }
    }

    private void skipWhitespace() {
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            if (source.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }

    private Matcher match(Pattern pattern) {
        Matcher m = pattern.matcher(source).region(pos, source.length());
        m.useTransparentBounds(true);
        if (!m.lookingAt()) {
            return null;
        }
        // a number glued to a name ("1abc") is not a number in Jinja2 either; leave that to the parser
        return m;
    }

    private void add(Kind kind, String value) {
        tokens.add(new Token(kind, value, line));
        pos += value.length();
    }

    private String operator() {
        for (String op : OPERATORS) {
            if (source.startsWith(op, pos)) {
                return op;
            }
        }
        return null;
    }

    /** Python's backslash escapes in a string literal. */
    private String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case '\\', '\'', '"' -> out.append(e);
                case '\n' -> {}
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    try {
                        out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + n), 16));
                    } catch (NumberFormatException | IndexOutOfBoundsException bad) {
                        throw error("truncated \\" + e + " escape in a string");
                    }
                    i += n;
                }
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private JinjaException error(String message) {
        return new JinjaException(name, line, message, false);
    }
}
