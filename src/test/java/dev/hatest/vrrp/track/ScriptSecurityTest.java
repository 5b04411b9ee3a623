package dev.hatest.vrrp.track;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * enable_script_security's rules, as keepalived 2.2.7 applied them on this machine (its -t exits 5 and logs
 * "Disabling track script chk due to insecure" for each unsafe case below). Run as root, like the daemon.
 */
class ScriptSecurityTest {

    private static Path script(Path dir, String name, String perms) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void aRootOwnedScriptInSafeDirectoriesIsSafeAndAWorldWritableOneIsNot(@TempDir Path tmp) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the checks are about files root owns");
        // @TempDir lives under /tmp: world-writable but sticky, which keepalived accepts
        Path dir = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(ScriptSecurity.unsafe(script(dir, "ok.sh", "rwxr-xr-x") + " --arg")).isEmpty();
        assertThat(ScriptSecurity.unsafe(script(dir, "group.sh", "rwxrwxr-x").toString())).as("group root may write").isEmpty();
        assertThat(ScriptSecurity.unsafe(script(dir, "world.sh", "rwxrwxrwx").toString())).get().asString().contains("writable by everyone");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ScriptSecurity.unsafe(script(open, "in-open-dir.sh", "rwxr-xr-x").toString())).get().asString()
                .contains(open.toString()).contains("writable by everyone");

        Path notRoot = script(dir, "nobody.sh", "rwxr-xr-x");
        Files.setAttribute(notRoot, "unix:uid", 65534);
        assertThat(ScriptSecurity.unsafe(notRoot.toString())).get().asString().contains("owned by uid 65534");

        assertThat(ScriptSecurity.unsafe(dir.resolve("missing.sh").toString())).get().asString().contains("cannot check");
    }
}
