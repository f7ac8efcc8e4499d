package cn.yrd.onecard.settlement.recovery;

import cn.yrd.onecard.archive.FileDigest;
import cn.yrd.onecard.database.ServerAddress;
import cn.yrd.onecard.database.ServerTools;
import cn.yrd.onecard.dayfile.ControlledFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A backup of the centre (issue 20, docs/recovery.md): each service's schema dumped by the server's own tool in one
 * consistent snapshot, the file archive (the day files received and every file sent) copied beside it, and a
 * {@code MANIFEST} that names every file with its size and SHA-256, under a trailer of its own. Written into a new
 * folder; the manifest last, so a backup cut short has none and is refused whole.
 */
final class Backup {
    static final String MANIFEST = "MANIFEST";
    static final String HEADER = "H|DR_BACKUP|1|";

    /** What a backup holds: its schemas by service and its files, each with its size and hash. */
    record Entry(String kind, String service, String schema, String path, long size, String sha256) {
        String line() {
            return kind.equals("S") ? String.join("|", "S", service, schema, path, Long.toString(size), sha256)
                    : String.join("|", "F", path, Long.toString(size), sha256);
        }
    }

    private Backup() {
    }

    /**
     * Writes the backup of {@code schemas} (service to its schema's server) and of the folders {@code archive} (their
     * names in the backup to where they are) into {@code out}, which must not exist or be empty.
     */
    static List<Entry> write(Path out, Map<String, ServerAddress> schemas, Map<String, Path> archive)
            throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(out + " is not empty: a backup goes into a new folder");
                }
            }
        }
        for (Map.Entry<String, Path> a : archive.entrySet()) {
            if (!Files.isDirectory(a.getValue())) {
                throw new IllegalArgumentException("no folder " + a.getValue() + " (the " + a.getKey() + ")");
            }
        }
        Files.createDirectories(out.resolve("db"));
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, ServerAddress> s : schemas.entrySet()) {
            Path dump = out.resolve("db").resolve(s.getValue().schema() + ".sql");
            ServerTools.dump(s.getValue(), dump);
            entries.add(new Entry("S", s.getKey(), s.getValue().schema(), out.relativize(dump).toString(),
                    Files.size(dump), FileDigest.sha256(dump)));
        }
        for (Map.Entry<String, Path> a : archive.entrySet()) {
            Path from = a.getValue();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(from)) {
                files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            }
            for (Path f : files) {
                String relative = "files/" + a.getKey() + "/" + from.relativize(f).toString().replace('\\', '/');
                if (relative.contains("|") || relative.contains("\n")) {
                    throw new IllegalArgumentException("a file name with | or a line break cannot be archived: "
                            + from.relativize(f));
                }
                Path copy = out.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(f, copy, StandardCopyOption.COPY_ATTRIBUTES);
                entries.add(new Entry("F", null, null, relative, Files.size(copy), FileDigest.sha256(copy)));
            }
        }
        ControlledFrame.Writer manifest = new ControlledFrame.Writer(out.resolve(MANIFEST),
                ControlledFrame.Trailer.COUNT_SHA256, HEADER + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        try {
            for (Entry e : entries) {
                manifest.line(e.line(), 0);
            }
            manifest.close();
        } finally {
            manifest.abandon();
        }
        return entries;
    }
}
