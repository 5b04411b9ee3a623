package dev.hatest.vrrp.track;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * keepalived 2.2.7's check of a script for the account it runs as, each case measured on this host: e.g. a
 * mode-0700 root script with {@code user nobody} logged "WARNING - script '/tmp/ks/chk700.sh' is not executable
 * for uid:gid 65534:65534 - disabling." and the instance went MASTER at its base priority, as if untracked.
 */
class ScriptCheckTest {

    private static final RunAs ROOT = new RunAs("root", 0, 0);
    private static final RunAs NOBODY = new RunAs("nobody", 65534, 65534);

    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void scripts() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the checks are about files root owns, as the daemon runs");
        dir = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path script(Path in, String name, String perms) throws Exception {
        Path p = in.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void aScriptItsUserCannotExecuteIsDisabled() throws Exception {
        Path owner = script(dir, "owner-only.sh", "rwx------");
        assertThat(ScriptCheck.check(owner + " arg", ROOT, ROOT, false, null).disabled()).isEmpty();
        assertThat(ScriptCheck.check(owner + " arg", NOBODY, ROOT, false, null).disabled()).get().asString()
                .isEqualTo("WARNING - script '" + owner + "' is not executable for uid:gid 65534:65534 - disabling.");
        // root needs an x bit somewhere
        assertThat(ScriptCheck.check(script(dir, "plain.sh", "rw-r--r--").toString(), ROOT, ROOT, false, null).disabled())
                .get().asString().contains("is not executable for uid:gid 0:0");
        // the group's bit, for the group's members only
        Path group = script(dir, "group.sh", "rwxr-x---");
        Files.setAttribute(group, "unix:gid", 65534);
        assertThat(ScriptCheck.check(group.toString(), NOBODY, ROOT, false, null).disabled()).isEmpty();
        assertThat(ScriptCheck.check(group.toString(), new RunAs("daemon", 1, 1), ROOT, false, null).disabled()).isPresent();
    }

    @Test
    void aScriptBehindADirectoryItsUserCannotSearchOrNotThereIsDisabled() throws Exception {
        Path closed = Files.createDirectory(tmp.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path inside = script(closed, "x.sh", "rwxr-xr-x");
        assertThat(ScriptCheck.check(inside.toString(), NOBODY, ROOT, false, null).disabled()).get().asString()
                .startsWith("Script " + inside + " cannot be accessed - Permission denied");
        assertThat(ScriptCheck.check(inside.toString(), ROOT, ROOT, false, null).disabled()).as("root searches any directory").isEmpty();
        assertThat(ScriptCheck.check(dir.resolve("missing.sh").toString(), ROOT, ROOT, false, null).disabled()).get().asString()
                .isEqualTo("Script " + dir.resolve("missing.sh") + " cannot be accessed - No such file or directory");
    }

    @Test
    void aBareNameIsLookedForOnPathWithKeepalivedsWarning() throws Exception {
        Path found = script(dir, "mycheck", "rwxr-xr-x");
        ScriptCheck.Result r = ScriptCheck.check("mycheck --quick", NOBODY, ROOT, false, "/nonexistent:" + dir);
        assertThat(r.disabled()).isEmpty();
        assertThat(r.argv()).containsExactly(found.toString(), "--quick");
        assertThat(r.log()).containsExactly("WARNING - script `mycheck` resolved by path search to `" + found + "`. Please specify full path.");
        assertThat(ScriptCheck.check("nosuchcommand", ROOT, ROOT, false, dir.toString()).disabled()).get().asString()
                .isEqualTo("Cannot find script nosuchcommand in path - disabling");
    }

    @Test
    void scriptSecurityGuardsOnlyWhatRunsAsRoot() throws Exception {
        Path world = script(dir, "world.sh", "rwxrwxrwx");
        ScriptCheck.Result asRoot = ScriptCheck.check(world.toString(), ROOT, ROOT, true, null);
        assertThat(asRoot.disabled()).get().asString().startsWith("Unsafe permissions found for script '" + world + "' - disabling");
        assertThat(asRoot.insecure()).isTrue();
        assertThat(ScriptCheck.check(world.toString(), new RunAs("nobody:root", 65534, 0), ROOT, true, null).insecure())
                .as("root's group is protected too").isTrue();
        assertThat(ScriptCheck.check(world.toString(), NOBODY, ROOT, true, null).disabled()).as("run as nobody").isEmpty();
        // without enable_script_security keepalived only logs it
        ScriptCheck.Result logged = ScriptCheck.check(world.toString(), ROOT, ROOT, false, null);
        assertThat(logged.disabled()).isEmpty();
        assertThat(logged.log()).singleElement().asString().startsWith("Unsafe permissions found for script '" + world + "'");
    }

    @Test
    void aDaemonThatIsNotRootRunsScriptsOnlyAsItself() throws Exception {
        Path ok = script(dir, "ok.sh", "rwxr-xr-x");
        RunAs daemon = new RunAs("daemon", 1, 1);
        assertThat(ScriptCheck.check(ok.toString(), NOBODY, daemon, false, null).disabled()).get().asString()
                .startsWith("Unable to set uid:gid 65534:65534 for script " + ok + " - disabling");
        assertThat(ScriptCheck.check(ok.toString(), daemon, daemon, false, null).disabled()).isEmpty();
    }

    @Test
    void anotherAccountsScriptRunsThroughSetprivWithOnlyItsGroup() {
        assertThat(NOBODY.command(List.of("/x.sh", "a"), ROOT))
                .containsExactly("setpriv", "--reuid=65534", "--regid=65534", "--groups=65534", "--", "/x.sh", "a");
        assertThat(ROOT.command(List.of("/x.sh", "a"), ROOT)).containsExactly("/x.sh", "a");
    }
}
