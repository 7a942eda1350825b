package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Runs the branches of a Parallel or the iterations of a Map, and gathers their results in order. */
final class Branches {
    /** What a Map iteration's failure does; answers true if it is tolerated. */
    interface FailureSink {
        boolean onFailure(int index, AslError error);
    }

    private Branches() {
    }

    /**
     * Runs the work items, at most {@code maxConcurrency} at a time (0 = all), and returns the results in order; a
     * tolerated failure's slot holds its {@code {"Error","Cause"}}. The first untolerated failure cancels the rest and
     * is thrown. Work that cannot wait ({@code inline}: a non-blocking block) runs one item after the other on the
     * calling thread, which gives the same results and events without a thread per item.
     */
    static List<JsonNode> runAll(Runner runner, List<Callable<JsonNode>> work, int maxConcurrency, FailureSink sink,
                                 boolean inline) {
        return inline ? inline(runner, work, sink) : pooled(runner, work, maxConcurrency, sink);
    }

    private static List<JsonNode> inline(Runner runner, List<Callable<JsonNode>> work, FailureSink sink) {
        JsonNode[] results = new JsonNode[work.size()];
        for (int i = 0; i < results.length; i++) {
            runner.checkAlive();
            try {
                results[i] = work.get(i).call();
            } catch (AslError e) {
                if (sink == null || !sink.onFailure(i, e)) {
                    throw e;
                }
                results[i] = Json.errorOutput(e.error(), e.cause());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AslError("States.Runtime", "Internal error in the local runtime: " + e);
            }
        }
        return Arrays.asList(results);
    }

    private static List<JsonNode> pooled(Runner runner, List<Callable<JsonNode>> work, int maxConcurrency,
                                         FailureSink sink) {
        int n = work.size();
        JsonNode[] results = new JsonNode[n];
        Semaphore permits = new Semaphore(maxConcurrency <= 0 ? Math.max(1, n) : maxConcurrency);
        CompletionService<Integer> done = new ExecutorCompletionService<>(runner.executor().pool());
        List<Future<Integer>> futures = new ArrayList<>();
        AslError failure = null;
        int submitted = 0;
        int finished = 0;
        try {
            while (finished < n) {
                while (submitted < n && failure == null && permits.tryAcquire()) {
                    int index = submitted++;
                    futures.add(done.submit(runner.inThread(() -> {
                        try {
                            results[index] = work.get(index).call();
                        } catch (AslError e) {
                            if (sink != null && sink.onFailure(index, e)) {
                                results[index] = Json.errorOutput(e.error(), e.cause());
                            } else {
                                throw e;
                            }
                        } finally {
                            permits.release();
                        }
                        return index;
                    })));
                }
                Future<Integer> f = done.poll(Runner.POLL_MILLIS, TimeUnit.MILLISECONDS);
                runner.checkAlive();
                if (f == null) {
                    continue;
                }
                finished++;
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof AslError a) {
                        failure = a;
                        break;
                    }
                    if (cause instanceof Runner.Aborted) {
                        throw new Runner.Aborted();
                    }
                    throw new AslError("States.Runtime", "Internal error in the local runtime: " + cause);
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            throw new Runner.Aborted();
        } catch (Runner.Aborted e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        if (failure != null) {
            futures.forEach(f -> f.cancel(true));
            throw failure;
        }
        return Arrays.asList(results);
    }
}
