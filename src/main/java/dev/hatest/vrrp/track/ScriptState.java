package dev.hatest.vrrp.track;

/**
 * The fall/rise bookkeeping of one vrrp_script, as keepalived keeps it: one counter in [0, rise + fall - 1].
 * The script is good while the counter is at least {@code rise}. From good, {@code fall} failures in a row
 * make it bad; from bad, {@code rise} successes in a row make it good. A timeout counts as a failure.
 */
public final class ScriptState {

    private final int fall;
    private final int rise;
    private int counter;
    private boolean known;

    public ScriptState(int fall, int rise) {
        if (fall < 1 || rise < 1) {
            throw new IllegalArgumentException("fall and rise must be at least 1");
        }
        this.fall = fall;
        this.rise = rise;
        // keepalived starts a script one success short of good: its first result decides.
        this.counter = rise - 1;
    }

    /**
     * A script's state after a reload: its last status carried onto the new rise and fall, as keepalived's
     * {@code clear_diff_script} does ("considered successful on reload"), settled at the far end.
     */
    public static ScriptState carriedOver(int fall, int rise, boolean good) {
        ScriptState s = new ScriptState(fall, rise);
        s.known = true;
        s.counter = good ? rise + fall - 1 : 0;
        return s;
    }

    /** Records one run's outcome; returns true when the good/bad status changed. */
    public boolean record(boolean success) {
        boolean before = good();
        boolean wasKnown = known;
        known = true;
        int top = rise + fall - 1;
        if (success) {
            counter = counter < rise - 1 ? counter + 1 : top;
        } else {
            counter = counter > rise ? counter - 1 : 0;
        }
        return !wasKnown || before != good();
    }

    public boolean good() {
        return counter >= rise;
    }

    /** False until the script has run once; weights apply only to a known status. */
    public boolean known() {
        return known;
    }
}
