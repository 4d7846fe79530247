package io.jenkins.plugins.dockerdelivery.jenkins;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The plugin's user-facing strings, from {@code Texts.properties} (and its translations, such as
 * {@code Texts_de.properties}) in the request's locale. A plain resource bundle rather than the
 * generated {@code Messages} class, so that the sources compile without the localizer's code generation.
 */
final class Texts {
    private static final String BUNDLE = "io.jenkins.plugins.dockerdelivery.jenkins.Texts";

    private Texts() {}

    static String get(String key, Object... args) {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        Locale locale = request == null ? Locale.getDefault() : request.getLocale();
        String pattern = ResourceBundle.getBundle(BUNDLE, locale, Texts.class.getClassLoader())
                .getString(key);
        // always formatted, as Jenkins' generated Messages and Stapler's ${%...} do: '' is one quote
        return new MessageFormat(pattern, locale).format(args);
    }
}
