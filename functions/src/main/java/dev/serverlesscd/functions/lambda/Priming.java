package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.deploy.DeploymentRef;
import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming, as Powertools does it: before Lambda takes the function's snapshot, the handler makes the calls
 * its first event would make that change nothing (a read of an item that never exists, a request read into its
 * record), so the classes are loaded, the SDK's clients and HTTP connections are up and the JIT has seen the paths,
 * and the restored snapshot starts warm. Registered with CRaC's global context, which holds it weakly: the handler
 * keeps it in a field. Off a SnapStart runtime (the local runtime, tests) nothing ever calls it. A priming call
 * that fails is logged and changes nothing: the function still works, its first event is only slower.
 */
final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** The run, approval and deployment looked up while priming: an id no record ever has. */
    static final String NEVER_AN_ID = "prime-before-snapshot";
    /** The deployment looked up while priming: in a namespace no environment has. */
    static final DeploymentRef NEVER_A_DEPLOYMENT = new DeploymentRef("prime-before-snapshot", "prime-before-snapshot");

    private final String handler;
    private final Runnable prime;

    private Priming(String handler, Runnable prime) {
        this.handler = handler;
        this.prime = Objects.requireNonNull(prime, "prime");
    }

    /** A priming of {@code handler}'s calls, registered for the snapshot. */
    static Priming register(Object handler, Runnable prime) {
        Priming priming = new Priming(handler.getClass().getSimpleName(), prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs the priming calls now (what the snapshot hook does). */
    void prime() {
        try {
            prime.run();
            LOG.info("{} primed before the snapshot", handler);
        } catch (RuntimeException e) {
            LOG.warn("{}: priming before the snapshot failed (the function works; its first event is slower): {}",
                    handler, e.toString());
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to do: the clients reconnect on their own
    }
}
