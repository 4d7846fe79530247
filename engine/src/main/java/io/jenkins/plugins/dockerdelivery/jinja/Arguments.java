package io.jenkins.plugins.dockerdelivery.jinja;

import java.util.List;
import java.util.Map;

/** The arguments of a filter, test or method call, bound by position or by name as in Python. */
record Arguments(String function, List<Object> positional, Map<String, Object> keywords) {
    Object get(int index, String name, Object fallback) {
        if (index < positional.size()) {
            if (keywords.containsKey(name)) {
                throw new Py.Failure(function + "() got multiple values for argument '" + name + "'");
            }
            return positional.get(index);
        }
        return keywords.getOrDefault(name, fallback);
    }

    Object required(int index, String name) {
        Object v = get(index, name, Py.MISSING);
        if (v == Py.MISSING) {
            throw new Py.Failure(function + "() missing required argument: '" + name + "'");
        }
        return v;
    }

    void atMost(int count, String... names) {
        if (positional.size() > count) {
            throw new Py.Failure(
                    function + "() takes at most " + count + " arguments (" + positional.size() + " given)");
        }
        for (String key : keywords.keySet()) {
            if (!List.of(names).contains(key)) {
                throw new Py.Failure(function + "() got an unexpected keyword argument '" + key + "'");
            }
        }
    }
}
