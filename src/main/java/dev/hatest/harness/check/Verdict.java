package dev.hatest.harness.check;

/**
 * A checker's answer: whether it passed, what was measured and the bound it was held to, so that every
 * report shows the figure beside the bound.
 */
public record Verdict(String name, boolean passed, String measured, String bound, String detail) {

    public static Verdict of(String name, boolean passed, String measured, String bound, String detail) {
        return new Verdict(name, passed, measured, bound, detail);
    }

    /** The same finding under another name and explanation. */
    public Verdict renamed(String newName, String newDetail) {
        return new Verdict(newName, passed, measured, bound, newDetail);
    }
}
