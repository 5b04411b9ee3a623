package dev.hatest.vrrp.config;

/** A word, a quoted string or a brace, with where it stands. */
record Token(String text, boolean quoted, Location at) {

    boolean is(String s) {
        return !quoted && text.equals(s);
    }

    boolean isBrace() {
        return is("{") || is("}");
    }
}
