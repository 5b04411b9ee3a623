package dev.hatest.harness.nemesis;

import dev.hatest.harness.cluster.Cluster;

/**
 * A fault: {@link #inject} breaks something, {@link #heal} mends it. {@link #invoke} and {@link #recover}
 * record each in the History (source "nemesis") right before acting, so checkers can time what follows.
 */
public interface Nemesis {

    /** What the fault does and where, e.g. "kill -9 nginx on lb01". */
    String describe();

    void inject(Cluster cluster);

    /**
     * Injects the fault and says when it took effect (µs on the machine's clock, which the containers share),
     * for a fault that can tell more precisely than "when hatest began to act": a {@code docker exec} takes
     * 50-300 ms, which would otherwise count as the daemon's detection time. -1: it can't.
     */
    default long injectTimed(Cluster cluster) {
        inject(cluster);
        return -1;
    }

    void heal(Cluster cluster);

    default void invoke(Cluster cluster) {
        long before = dev.hatest.harness.history.History.nowMicros();
        long at = injectTimed(cluster);
        cluster.history().add(new dev.hatest.harness.history.Event(at >= 0 ? at : before, "nemesis",
                dev.hatest.harness.history.Observation.Nemesis.injected(describe())));
    }

    default void recover(Cluster cluster) {
        cluster.history().add("nemesis", dev.hatest.harness.history.Observation.Nemesis.healed(describe()));
        heal(cluster);
    }

    /** Several faults at once: injected in order, healed in reverse order. */
    static Nemesis all(Nemesis... faults) {
        java.util.List<Nemesis> list = java.util.List.of(faults);
        return new Nemesis() {
            @Override
            public String describe() {
                return String.join(" + ", list.stream().map(Nemesis::describe).toList());
            }

            @Override
            public void inject(Cluster cluster) {
                list.forEach(f -> f.inject(cluster));
            }

            @Override
            public void heal(Cluster cluster) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    list.get(i).heal(cluster);
                }
            }
        };
    }

    /** The fault that does nothing: a baseline run. */
    static Nemesis none() {
        return new Nemesis() {
            @Override
            public String describe() {
                return "no fault";
            }

            @Override
            public void inject(Cluster cluster) {
            }

            @Override
            public void heal(Cluster cluster) {
            }
        };
    }
}
