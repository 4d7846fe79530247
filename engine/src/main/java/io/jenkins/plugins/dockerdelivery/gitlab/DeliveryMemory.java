package io.jenkins.plugins.dockerdelivery.gitlab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent delivery ids ({@code Idempotency-Key} or {@code X-Gitlab-Event-UUID}) so that a
 * retried or resent delivery does not build twice. Bounded in size and in time; thread-safe.
 */
public final class DeliveryMemory {
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public DeliveryMemory(int capacity, Duration ttl, Clock clock) {
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
    }

    public DeliveryMemory() {
        this(DEFAULT_CAPACITY, DEFAULT_TTL, Clock.systemUTC());
    }

    /** Records {@code id}; true when it was already there (a duplicate). */
    public synchronized boolean seenBefore(String id) {
        Instant now = clock.instant();
        expire(now);
        Instant previous = seen.get(id);
        if (previous != null) {
            return true;
        }
        seen.put(id, now);
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return false;
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(ttl);
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isAfter(cutoff)) {
                break; // insertion order is time order
            }
            it.remove();
        }
    }

    public synchronized int size() {
        return seen.size();
    }
}
