package dev.hatest.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code hatest --version}: the project's version as the build wrote it into version.properties. */
final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown below
        }
        String v = p.getProperty("version", "");
        return v.isEmpty() || v.startsWith("${") ? "unknown (not built by Maven)" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"hatest " + version(), "Java " + System.getProperty("java.version")};
    }
}
