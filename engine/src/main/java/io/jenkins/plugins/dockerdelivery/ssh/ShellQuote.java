package io.jenkins.plugins.dockerdelivery.ssh;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one way a value goes into a remote shell command: single-quoted, so that the shell takes it as
 * one literal word whatever it holds (spaces, quotes, {@code ;}, {@code $()}, backticks, newlines).
 */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {}

    public static String quote(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(value).matches()) {
            return value; // nothing the shell would interpret: left readable
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> words) {
        return String.join(" ", words.stream().map(ShellQuote::quote).toList());
    }
}
