package cn.yrd.onecard.demo.day;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module's class-data archive: written by its first JVM that exits whole, mapped in by the next, never when stale. */
class ClassDataArchiveTest {
    @TempDir
    Path root;

    /** The module's command: prints a line, or waits to be killed. */
    public static final class Command {
        public static void main(String[] args) throws Exception {
            System.out.println("ran");
            if (args.length > 0) {
                Thread.sleep(60_000);
            }
        }
    }

    @Test
    void theFirstCommandWritesTheArchiveTheNextMapsItInAndANewBuildIsNotGivenTheOldOne() throws Exception {
        Path jar = module();
        ClassDataArchive archive = new ClassDataArchive(root, "m");
        ClassDataArchive.Writing first = archive.write();
        Process writer = start(first.flags);
        first.ended(writer);
        assertThat(output(writer)).as("nothing of the JVM's own about archives").isEqualTo("ran\n");
        assertThat(archive.write().flags).as("one writer at a time").noneMatch(f -> f.contains("ArchiveClassesAtExit"));
        writer.onExit().get(1, TimeUnit.MINUTES);
        awaitArchived();

        List<String> mapped = new ArrayList<>(archive.flags());
        mapped.add("-Xlog:class+load=info");
        assertThat(output(start(mapped))).as("the command's class comes from the archive")
                .containsPattern(Command.class.getName().replace("$", "\\$") + " source: shared objects file \\(top\\)");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(archive.flags()).as("a jar built after the archive").noneMatch(f -> f.startsWith("-XX:Shared"));
        assertThat(archive.write().flags).as("the next command writes it anew").anyMatch(f -> f.startsWith(
                "-XX:ArchiveClassesAtExit="));
    }

    @Test
    void aCommandKilledBeforeItsEndLeavesNoArchiveNorHalfOfOne() throws Exception {
        module();
        ClassDataArchive archive = new ClassDataArchive(root, "m");
        ClassDataArchive.Writing writing = archive.write();
        Process killed = start(writing.flags, "wait");
        writing.ended(killed);
        killed.getInputStream().read(); // running: its first line came
        killed.destroyForcibly().onExit().get(1, TimeUnit.MINUTES);
        for (int i = 0; i < 50 && !archive.write().flags.stream().anyMatch(f -> f.startsWith("-XX:Archive")); i++) {
            Thread.sleep(100); // the writer's end is handled on another thread
        }
        try (Stream<Path> files = Files.list(root.resolve("m/target/cds"))) {
            assertThat(files.toList()).as("nothing written").isEmpty();
        }
        assertThat(archive.flags()).noneMatch(f -> f.startsWith("-XX:Shared"));
    }

    @Test
    void onAJavaThatMapsNoArchiveOfItsOwnNoneIsWrittenAndTheCommandRuns() throws Exception {
        module();
        Process asked = start(List.of("-Xshare:off", "-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=" + root.resolve(
                "a.jsa")));
        assertThat(output(asked)).as("asked to write one, such a JVM does not start").contains("base CDS archive");
        assertThat(asked.exitValue()).isNotZero();

        ClassDataArchive.Writing writing = new ClassDataArchive(root, "m", false).write();
        List<String> flags = new ArrayList<>(writing.flags);
        flags.add("-Xshare:off");
        Process p = start(flags);
        writing.ended(p);
        assertThat(output(p)).isEqualTo("ran\n");
        assertThat(p.exitValue()).isZero();
    }

    /** Module {@code m}: a jar with {@link Command}, and a library folder. */
    private Path module() throws Exception {
        Path target = Files.createDirectories(root.resolve("m/target/lib"));
        Path jar = target.resolveSibling("m.jar");
        String name = Command.class.getName().replace('.', '/') + ".class";
        try (var out = new JarOutputStream(Files.newOutputStream(jar));
                InputStream in = Command.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        return jar;
    }

    private Process start(List<String> flags, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of("-cp", root.resolve("m/target/m.jar").toString(), Command.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private void awaitArchived() throws Exception {
        ClassDataArchive archive = new ClassDataArchive(root, "m");
        for (int i = 0; i < 50 && archive.flags().stream().noneMatch(f -> f.startsWith("-XX:Shared")); i++) {
            Thread.sleep(100); // the writer's end is handled on another thread
        }
        assertThat(archive.flags()).anyMatch(f -> f.startsWith("-XX:SharedArchiveFile="));
    }
}
