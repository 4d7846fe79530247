package io.jenkins.plugins.dockerdelivery.docker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The walk that runs ahead of the sender: order, the end, a failure, and stopping a walk nobody reads. */
@Timeout(60)
class WalkAheadTest {

    /** A source that walks {@code count} entries (forever when negative), then fails if told to. */
    private record Counting(long count, IOException failure, AtomicLong walked) implements SyncSource {
        Counting(long count, IOException failure) {
            this(count, failure, new AtomicLong());
        }

        @Override
        public SyncFilter filter(
                List<String> includes, List<String> followPaths, List<String> excludes, boolean overrideExcludes) {
            return SyncFilter.everything();
        }

        @Override
        public void walk(SyncFilter filter, Visitor visitor) throws IOException {
            for (long i = 0; count < 0 || i < count; i++) {
                visitor.entry(Stat.newBuilder().setPath("f" + i).build());
                walked.incrementAndGet();
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public ReadableByteChannel open(String path) {
            throw new UnsupportedOperationException();
        }
    }

    /** The next entry in walk order as the sender polls for it, waiting as long as it takes; null at the end. */
    private static Stat next(WalkAhead walk) throws IOException, InterruptedException {
        WalkAhead.Next next;
        do {
            next = walk.poll(100);
        } while (next.kind() == WalkAhead.Next.Kind.NOT_YET);
        return next.stat();
    }

    @Test
    void entriesComeInWalkOrderThenNull() throws Exception {
        List<String> paths = new ArrayList<>();
        try (WalkAhead walk = WalkAhead.start(new Counting(10_000, null), SyncFilter.everything(), "context")) {
            for (Stat stat; (stat = next(walk)) != null; ) {
                paths.add(stat.getPath());
            }
            assertThat(next(walk)).isNull();
        }
        assertThat(paths).hasSize(10_000).startsWith("f0", "f1").endsWith("f9999");
    }

    @Test
    void aFailureOfTheWalkReachesTheSenderAfterWhatWasWalked() throws Exception {
        IOException unreadable = new IOException("Cannot read the directory secret of the build context");
        try (WalkAhead walk = WalkAhead.start(new Counting(3, unreadable), SyncFilter.everything(), "context")) {
            assertThat(next(walk).getPath()).isEqualTo("f0");
            assertThat(next(walk).getPath()).isEqualTo("f1");
            assertThat(next(walk).getPath()).isEqualTo("f2");
            assertThatThrownBy(() -> next(walk)).isSameAs(unreadable);
        }
    }

    @Test
    void theWalkStaysBoundedAheadAndStopsWhenClosed() throws Exception {
        Counting endless = new Counting(-1, null);
        WalkAhead walk = WalkAhead.start(endless, SyncFilter.everything(), "context");
        assertThat(next(walk).getPath()).isEqualTo("f0");
        while (endless.walked().get() < WalkAhead.AHEAD) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertThat(endless.walked().get()).isLessThanOrEqualTo(WalkAhead.AHEAD + 2L); // blocked on the full queue
        walk.close(); // returns only once the walking thread has ended
        long stoppedAt = endless.walked().get();
        Thread.sleep(100);
        assertThat(endless.walked().get()).isEqualTo(stoppedAt);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("docker-delivery walk of the context"));
    }
}
