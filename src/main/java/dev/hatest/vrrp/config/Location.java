package dev.hatest.vrrp.config;

import java.nio.file.Path;

/** Where a token came from, printed as {@code file:line}. */
public record Location(Path file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
