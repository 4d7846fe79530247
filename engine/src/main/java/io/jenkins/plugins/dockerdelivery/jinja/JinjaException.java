package io.jenkins.plugins.dockerdelivery.jinja;

/**
 * A template that Jinja2 would refuse (a syntax error, an unknown filter, an undefined value used in
 * arithmetic...), one that goes past a limit of this renderer, or one that uses a part of Jinja2 this
 * renderer does not evaluate ({@link #unsupported()}): then the template may be fine, it just cannot
 * be checked here.
 */
public final class JinjaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String template;
    private final int line;
    private final boolean unsupported;

    JinjaException(String template, int line, String message, boolean unsupported) {
        super(message);
        this.template = template;
        this.line = line;
        this.unsupported = unsupported;
    }

    /** The name of the template (the file, or an included file) where it happened. */
    public String template() {
        return template;
    }

    /** 1-based line in {@link #template()}, or 0 when unknown. */
    public int line() {
        return line;
    }

    public boolean unsupported() {
        return unsupported;
    }
}
