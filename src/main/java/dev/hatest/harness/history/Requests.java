package dev.hatest.harness.history;

/**
 * Reading the client's request events ({@link Kinds#HTTP_OK}, {@link Kinds#HTTP_FAIL}), whose value is
 * "VIP DETAIL": the VIP asked, then the node that served or the reason it failed.
 */
public final class Requests {

    public static final String CLIENT = "client";

    private Requests() {
    }

    /** A request event of the client's, for any VIP. */
    public static boolean is(Event e) {
        return e.source().equals(CLIENT) && (e.kind().equals(Kinds.HTTP_OK) || e.kind().equals(Kinds.HTTP_FAIL));
    }

    /** A request event of the client's for {@code vip}. */
    public static boolean isFor(Event e, String vip) {
        return is(e) && e.value().startsWith(vip + " ");
    }

    public static boolean ok(Event e) {
        return e.kind().equals(Kinds.HTTP_OK);
    }

    /** An answered request for {@code vip} served by {@code node}. */
    public static boolean servedBy(Event e, String vip, String node) {
        return ok(e) && isFor(e, vip) && detail(e).equals(node);
    }

    public static String vip(Event e) {
        int sp = e.value().indexOf(' ');
        return sp < 0 ? e.value() : e.value().substring(0, sp);
    }

    /** The serving node of an answered request, or the reason a failed one failed. */
    public static String detail(Event e) {
        int sp = e.value().indexOf(' ');
        return sp < 0 ? "" : e.value().substring(sp + 1);
    }

    public static String value(String vip, String detail) {
        return vip + " " + detail;
    }
}
