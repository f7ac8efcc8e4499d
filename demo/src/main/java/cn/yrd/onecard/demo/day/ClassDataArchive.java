package cn.yrd.onecard.demo.day;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A module's class-data archive (the JDK's CDS): the classes its commands load, parsed and verified once, then mapped
 * into every later JVM of the module. A day starts a JVM per command, and on two cores their start is most of a short
 * command's time: {@code settle reconcile} of a small day took 4.2 to 5.3 s, 3.1 to 3.7 s with the quick compiler
 * alone, 2.0 to 2.3 s with the archive too.
 *
 * <p>The first command of a module after its jar was built writes the archive as its JVM exits (a few seconds, once);
 * one killed on purpose writes none, and the next command tries again. An archive is for one build of the module and
 * one Java: a stale one is never handed to a JVM, which would refuse it, silently, at every start.
 */
final class ClassDataArchive {
    /** The JVM's own lines about archives (classes it leaves out, an archive it cannot map): none of a user's business. */
    private static final String QUIET = "-Xlog:cds*=off";
    /** Archives being written by a child of this JVM: one writer each is enough. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
    private static final AtomicLong WRITES = new AtomicLong();
    /**
     * Whether this JVM mapped its Java's own archive: a module's archive sits on top of it, and a JVM asked to write one
     * without it does not start at all ("DynamicDumpSharedSpaces is unsupported when base CDS archive is not loaded").
     * The children run the same Java.
     */
    private static final boolean SHARING = sharing();

    private final Path file;
    private final Path jar;
    private final Path lib;
    private final boolean sharing;

    /** The archive of {@code module} under the modules' root, beside its jar. */
    ClassDataArchive(Path root, String module) {
        this(root, module, SHARING);
    }

    /** {@code sharing}: whether the JVMs of this Java map its own archive. */
    ClassDataArchive(Path root, String module, boolean sharing) {
        this.sharing = sharing;
        Path target = root.resolve(module + "/target");
        this.jar = target.resolve(module + ".jar");
        this.lib = target.resolve("lib");
        this.file = target.resolve("cds/" + module + "-java-" + Runtime.version().toString().replaceAll("[^A-Za-z0-9.]",
                "_") + ".jsa");
    }

    /** The flags of a JVM that maps the archive in, if there is a fresh one. */
    List<String> flags() {
        return flags(sharing && fresh());
    }

    private List<String> flags(boolean fresh) {
        return fresh ? List.of(QUIET, "-XX:SharedArchiveFile=" + file) : List.of(QUIET);
    }

    /**
     * The flags of a JVM that maps the archive in, or, if there is none fresh and no child of this JVM is writing one,
     * writes it as it exits; {@link Writing#ended} puts it in place once the JVM has ended whole.
     */
    Writing write() {
        boolean fresh = sharing && fresh();
        if (!sharing || fresh || !WRITING.add(file)) {
            return new Writing(flags(fresh), null);
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            WRITING.remove(file);
            return new Writing(flags(false), null);
        }
        Path partial = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + WRITES.incrementAndGet() + ".partial");
        return new Writing(List.of(QUIET, "-XX:ArchiveClassesAtExit=" + partial), partial);
    }

    /** A JVM's archive flags, and where it writes an archive (null: it writes none). */
    final class Writing {
        final List<String> flags;
        private final Path partial;

        private Writing(List<String> flags, Path partial) {
            this.flags = flags;
            this.partial = partial;
        }

        /**
         * Once {@code jvm} ends: its archive in place if it exited by itself (a JVM killed while writing leaves half
         * a file), else thrown away.
         */
        void ended(Process jvm) {
            if (partial == null) {
                return;
            }
            jvm.onExit().thenRun(() -> {
                try {
                    if (jvm.exitValue() < 128 && Files.isRegularFile(partial)) {
                        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        Files.deleteIfExists(partial);
                    }
                } catch (IOException e) {
                    // no archive this time: the next command writes one
                } finally {
                    WRITING.remove(file);
                }
            });
        }
    }

    private static boolean sharing() {
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm != null && "true".equals(vm.getVMOption("UseSharedSpaces").getValue());
        } catch (RuntimeException notHotSpot) {
            return false;
        }
    }

    /** Whether the archive was written after the module's jar and every library it runs with. */
    private boolean fresh() {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            FileTime written = Files.getLastModifiedTime(file);
            try (Stream<Path> libraries = Files.list(lib)) {
                return Stream.concat(Stream.of(jar), libraries).allMatch(p -> {
                    try {
                        return Files.getLastModifiedTime(p).compareTo(written) < 0;
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        } catch (IOException e) {
            return false;
        }
    }
}
