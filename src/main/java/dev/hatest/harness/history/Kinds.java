package dev.hatest.harness.history;

/**
 * The names of the {@link Observation} kinds in a saved run (its JSON's "kind"), in one place. Producers make
 * typed observations and checkers read them; these names and each observation's {@code value()} text are only
 * the saved form, read back by {@link Observation#parse}. The value formats below are that text's.
 */
public final class Kinds {

    /** A client request answered 200; value: "VIP NODE", the VIP asked and the node that served. */
    public static final String HTTP_OK = "http-ok";
    /** A client request failed; value: "VIP REASON". See {@link Requests}. */
    public static final String HTTP_FAIL = "http-fail";
    /**
     * A request of the client's load ({@code --load}), at its end; value: "VIP DUE SENT OUTCOME NODE CONNECTION
     * new|reused PATH" (times in µs; see {@link Observation.LoadRequest}).
     */
    public static final String LOAD = "load";
    /** A node's interface gained an address; value: the address. */
    public static final String VIP_ADD = "vip-add";
    /** A node's interface lost an address; value: the address. */
    public static final String VIP_DEL = "vip-del";
    /** The VRRP daemon on a node changed state; value: "INSTANCE FROM->TO: reason". */
    public static final String STATE = "state";
    /** The daemon changed its effective priority; value: "INSTANCE FROM->TO". */
    public static final String PRIORITY = "priority";
    /** The daemon sent gratuitous ARPs; value: the addresses. */
    public static final String GARP = "garp";
    /** A VRRP advert seen on the test network; source: the sender; value: "vrid V prio P". */
    public static final String ADVERT = "advert";
    /** A gratuitous ARP seen on the test network; source: the sender; value: the address it announces. */
    public static final String GARP_SEEN = "garp-seen";
    /** The client's neighbour entry changed; value: "ADDRESS MAC STATE". */
    public static final String NEIGH = "neigh";
    /** A fault was injected; value: what and where. */
    public static final String FAULT = "fault";
    /** A fault was healed; value: what and where. */
    public static final String HEAL = "heal";
    /**
     * The daemon on a node reloaded its config (SIGHUP); value: "applied", "applied: WHAT CHANGED", "rejected:
     * WHY" (it carries on with the config in force) or "exited: WHY" (keepalived 2.2.7 ends on a reload with an
     * error, unless reload_check_config is set).
     */
    public static final String RELOAD = "reload";
    /**
     * The run can't be judged from here on: what it observes is gone (a container removed, the engine down, the
     * probe dead); value: what broke, in one line. See {@link History#lost(String)}.
     */
    public static final String LOST = "lost";
    /**
     * A point of the run that the executor marks for its judge, from source "harness": when one of its waits
     * ended and how; value: the mark's name and what it is about (see {@code StepAnalysis}). Not a milestone
     * for people: reports leave marks out.
     */
    public static final String MARK = "mark";
    /** A node's daemon checked a new config; value: "exit N" and its findings as a JSON array of strings. */
    public static final String CONFIG_TEST = "config-test";
    /** A milestone of the run itself (cluster up, converged); value: a description. */
    public static final String PHASE = "phase";

    private Kinds() {
    }
}
