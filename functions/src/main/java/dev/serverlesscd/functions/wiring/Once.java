package dev.serverlesscd.functions.wiring;

import java.util.Objects;
import java.util.function.Supplier;

/** A value built the first time it is asked for, then kept: a port of a container. Thread-safe. */
final class Once<T> implements Supplier<T> {
    private final Supplier<T> build;
    private volatile T value;

    Once(Supplier<T> build) {
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(build.get(), "a port was built as null");
                    value = current;
                }
            }
        }
        return current;
    }
}
