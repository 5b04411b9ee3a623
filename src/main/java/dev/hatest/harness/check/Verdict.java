package dev.hatest.harness.check;

import java.util.Locale;

/**
 * A checker's answer: its outcome, what was measured and the bound it was held to (each with its value and
 * unit, see {@link Measure}), so that every report shows the figure beside the bound and nothing has to read
 * either back from text.
 *
 * @param id       a stable id of what was checked, e.g. {@code takeover} or {@code single-master}: the same
 *                 whatever step or VIP the verdict is about (those are in {@code name})
 * @param name     what a report calls it, e.g. "step 2 takeover [fd00::200]"
 * @param outcome  {@link Outcome#UNKNOWN} when the run could not be judged (a container or the engine gone)
 * @param measured what was measured
 * @param bound    what it was held to
 * @param detail   how the bound was derived, or what the verdict is about
 */
public record Verdict(String id, String name, Outcome outcome, Measure measured, Measure bound, String detail) {

    /** PASS and FAIL judge the pair; UNKNOWN says the run could not be judged, which is not a failure of the pair. */
    public enum Outcome {
        PASS, FAIL, UNKNOWN
    }

    public Verdict {
        if (id == null || name == null || outcome == null) {
            throw new IllegalArgumentException("a verdict needs an id, a name and an outcome");
        }
        measured = measured == null ? Measure.text("") : measured;
        bound = bound == null ? Measure.text("") : bound;
        detail = detail == null ? "" : detail;
    }

    public static Verdict of(String name, boolean passed, Measure measured, Measure bound, String detail) {
        return new Verdict(idOf(name), name, passed ? Outcome.PASS : Outcome.FAIL, measured, bound, detail);
    }

    /** A verdict whose figures are text only. */
    public static Verdict of(String name, boolean passed, String measured, String bound, String detail) {
        return of(name, passed, Measure.text(measured), Measure.text(bound), detail);
    }

    /** Whether it passed; an unknown verdict did not. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }

    public boolean unknown() {
        return outcome == Outcome.UNKNOWN;
    }

    /** The same finding under another name and explanation; its id stays. */
    public Verdict renamed(String newName, String newDetail) {
        return new Verdict(id, newName, outcome, measured, bound, newDetail);
    }

    /** The same check under another id and name (a checker's verdict reused for another question). */
    public Verdict as(String newName, String newDetail) {
        return new Verdict(idOf(newName), newName, outcome, measured, bound, newDetail);
    }

    /** This verdict, not judged: the run broke ({@code why}) before what it measures could be trusted. */
    public Verdict unjudged(String why) {
        return new Verdict(id, name, Outcome.UNKNOWN, measured, bound, "could not judge: " + why);
    }

    /** A verdict that could not be judged at all. */
    public static Verdict unknown(String name, String why) {
        return new Verdict(idOf(name), name, Outcome.UNKNOWN, Measure.text("not judged"), Measure.text(""), "could not judge: " + why);
    }

    /** "single master" -> "single-master"; a step prefix and a VIP tag are not part of an id. */
    static String idOf(String name) {
        String n = name.replaceAll("^step \\d+ ", "").replaceAll(" \\[[^\\]]*\\]$", "");
        return n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
