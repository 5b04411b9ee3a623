package dev.hatest.harness.history;

import dev.hatest.harness.history.Observation.Request;

/** The client's requests ({@link Request}) in a History, read from their typed observations. */
public final class Requests {

    public static final String CLIENT = "client";

    private Requests() {
    }

    /** The client's request that {@code e} saw, or null when it saw something else. */
    public static Request of(Event e) {
        return e.what() instanceof Request r && e.source().equals(CLIENT) ? r : null;
    }

    /** A request event of the client's, for any VIP. */
    public static boolean is(Event e) {
        return of(e) != null;
    }

    /** A request event of the client's for {@code vip}. */
    public static boolean isFor(Event e, String vip) {
        Request r = of(e);
        return r != null && r.vip().equals(vip);
    }

    /** An answered request (of any VIP). */
    public static boolean ok(Event e) {
        Request r = of(e);
        return r != null && r.ok();
    }

    /** An answered request for {@code vip} served by {@code node}. */
    public static boolean servedBy(Event e, String vip, String node) {
        return isFor(e, vip) && of(e).servedBy(node);
    }

    public static String vip(Event e) {
        return of(e).vip();
    }

    /** The serving node of an answered request, or the reason a failed one failed. */
    public static String detail(Event e) {
        return of(e).detail();
    }
}
