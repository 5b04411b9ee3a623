package dev.hatest.harness.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The base and node images for a library user, who has hatest's jar but no checkout: the recipe that
 * {@code docker/} holds ({@code engine.sh}, {@code base/}, {@code node/}) travels inside the jar under
 * {@code dev/hatest/docker/}, and vrrpd.jar is put together from the {@code dev.hatest.vrrp} classes and JNA
 * on the class path, as the build's shade step does. The scripts cache both images by the hash of their
 * inputs, so the first cluster of a machine pays for debootstrap (a few minutes) and later ones for a few
 * {@code docker image inspect}s. Where the machine can't (no engine and not root, no debootstrap), the
 * scripts' one-line diagnosis becomes an {@link EnvironmentException}.
 */
public final class NodeImage {

    static final String RECIPE = "dev/hatest/docker/";
    static final List<String> FILES = List.of("engine.sh", "network.sh", "base/build-base.sh",
            "node/build-node.sh", "node/Dockerfile", "node/node-start.sh", "node/start-daemon", "node/klog-stamp",
            "node/nginx-node.conf");
    static final String DAEMON_MAIN = "dev.hatest.vrrp.VrrpDaemon";

    private static String built;

    private NodeImage() {
    }

    /**
     * Makes sure {@link Images#NODE} is the node image of the vrrpd on this class path, building what is
     * missing; once a JVM. With {@code -Dhatest.image=...} the user chose an image: it must exist, nothing
     * is built.
     *
     * @return the node image's content tag ({@code hatest/node:<hash>})
     */
    public static synchronized String ensure(Consumer<String> progress) {
        if (System.getProperty("hatest.image") != null) {
            Images.requirePresent(Images.NODE);
            return Images.NODE;
        }
        if (built != null) {
            return built;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("hatest-recipe");
            extractRecipe(dir);
            Path jar = dir.resolve("vrrpd.jar");
            writeDaemonJar(jar);
            progress.accept("preparing the node image (the first time on a machine builds it: a few minutes)");
            built = run(dir, jar);
            return built;
        } catch (IOException e) {
            throw new EnvironmentException("can't prepare the node image: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while preparing the node image", e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    static void extractRecipe(Path dir) throws IOException {
        ClassLoader loader = NodeImage.class.getClassLoader();
        for (String name : FILES) {
            try (InputStream in = loader.getResourceAsStream(RECIPE + name)) {
                if (in == null) {
                    throw new EnvironmentException("the node image's recipe is not on the class path (" + RECIPE
                            + name + "): hatest's jar is incomplete");
                }
                Path out = dir.resolve(name);
                Files.createDirectories(out.getParent());
                Files.copy(in, out);
            }
            // A jar keeps no modes; the scripts run as programs, the rest the Dockerfile chmods.
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * vrrpd.jar as the build's shade step makes it: the {@code dev/hatest/vrrp/} classes and JNA, with
     * {@code Main-Class}. Entries are sorted and dated at a fixed time, so the same classes give the same
     * bytes, and the image's hash (which covers the jar) stays put across runs.
     */
    static void writeDaemonJar(Path jar) throws IOException {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        collect(codeSource(DAEMON_MAIN), "dev/hatest/vrrp/", entries);
        collect(codeSource("com.sun.jna.Native"), "com/sun/jna/", entries);
        if (entries.keySet().stream().noneMatch(n -> n.equals(DAEMON_MAIN.replace('.', '/') + ".class"))) {
            throw new EnvironmentException("vrrpd's classes are not on the class path: hatest's jar is incomplete");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, DAEMON_MAIN);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            JarEntry m = new JarEntry(JarFile.MANIFEST_NAME);
            m.setTime(FIXED_TIME);
            out.putNextEntry(m);
            manifest.write(out);
            out.closeEntry();
            for (var e : entries.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTime(FIXED_TIME);
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    private static final long FIXED_TIME = 315_532_800_000L; // 1980-01-01, the earliest a zip can date

    private static Path codeSource(String className) {
        try {
            Class<?> c = Class.forName(className, false, NodeImage.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new EnvironmentException(className + " is not on the class path: can't put vrrpd.jar together");
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            throw new EnvironmentException("can't locate " + className + "'s jar: " + e);
        }
    }

    /** Files under {@code prefix} (a directory of classes or a jar), directories left out. */
    private static void collect(Path source, String prefix, TreeMap<String, byte[]> into) throws IOException {
        if (Files.isDirectory(source)) {
            Path root = source.resolve(prefix);
            if (!Files.isDirectory(root)) {
                return;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String name = source.relativize(p).toString().replace('\\', '/');
                    into.put(name, Files.readAllBytes(p));
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (!e.isDirectory() && e.getName().startsWith(prefix)) {
                    try (InputStream in = jar.getInputStream(e)) {
                        into.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
    }

    private static String run(Path dir, Path jar) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", dir.resolve("node/build-node.sh").toString(), jar.toString())
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        // stderr is the scripts' progress ("build-base: debootstrap ...", a few lines over minutes) and their
        // diagnosis: shown as it comes, so a first build is not a silent wait, and kept for the error. Read
        // beside stdout so neither pipe fills.
        List<String> err = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    err.add(line);
                    System.err.println("hatest: " + line);
                }
            } catch (IOException e) {
                err.add(e.toString());
            }
        }, "hatest-image-stderr");
        reader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int rc = p.waitFor();
        reader.join();
        if (rc != 0) {
            String last = err.isEmpty() ? "exit " + rc : err.get(err.size() - 1);
            throw new EnvironmentException("can't build the node image: " + last);
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is no reason to fail a run
        }
    }
}
