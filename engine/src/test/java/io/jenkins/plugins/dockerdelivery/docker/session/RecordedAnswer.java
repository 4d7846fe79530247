package io.jenkins.plugins.dockerdelivery.docker.session;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** What a service called directly answered: its responses, its error, whether it completed. */
final class RecordedAnswer<T> implements StreamObserver<T> {
    final List<T> values = new ArrayList<>();
    Throwable error;
    boolean completed;

    @Override
    public void onNext(T value) {
        values.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
    }

    @Override
    public void onCompleted() {
        completed = true;
    }
}
