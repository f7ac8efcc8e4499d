package cn.yrd.onecard.archive;

import cn.yrd.onecard.pki.RegionalPki;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The standby site's copy of the centre's files (issue 20, docs/recovery.md): each day file clearing takes in and each
 * file the centre sends, copied to the standby's archive folder ({@code ONECARD_STANDBY_ARCHIVE}, the standby site's
 * mount) as it arrives or is written, before the command goes on: written under a temporary name, forced to disk,
 * renamed, then read back and its SHA-256 compared with the original's; a difference fails the command. Each area
 * ({@code inbox}, {@code outbox}) keeps a {@code SHA256SUMS} of what it holds ({@code sha256sum -c} reads it). A file
 * copied again with the same bytes (a rerun) is left as it is. Without the setting, nothing is copied.
 */
public final class StandbyArchive {
    /** The environment variable (or property) naming the standby's archive folder. */
    public static final String ENV = "ONECARD_STANDBY_ARCHIVE";
    public static final String SUMS = "SHA256SUMS";
    private static final StandbyArchive NONE = new StandbyArchive(null);

    private final Path root;

    private StandbyArchive(Path root) {
        this.root = root;
    }

    /** The archive in {@code folder}, or none (nothing copied) when it is null or blank. */
    public static StandbyArchive of(String folder) {
        return folder == null || folder.isBlank() ? NONE : new StandbyArchive(Path.of(folder));
    }

    public boolean configured() {
        return root != null;
    }

    /**
     * {@code file} and its detached signature beside it, if any, copied into {@code area} as {@code relative},
     * checked; a no-op without an archive.
     */
    public void copy(String area, Path file, Path relative) throws IOException {
        if (root == null) {
            return;
        }
        copyOne(area, file, relative);
        Path signature = RegionalPki.signatureOf(file);
        if (Files.exists(signature)) {
            copyOne(area, signature, relative.resolveSibling(signature.getFileName()));
        }
    }

    /** Every file under {@code dir}, copied into {@code area} by its path relative to {@code base}; checked. */
    public void copyAll(String area, Path base, Path dir) throws IOException {
        if (root == null) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            copyOne(area, f, base.relativize(f));
        }
    }

    private void copyOne(String area, Path file, Path relative) throws IOException {
        Path target = root.resolve(area).resolve(relative);
        String hash = FileDigest.sha256(file);
        if (Files.exists(target) && FileDigest.sha256(target).equals(hash)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        force(part);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        force(target.getParent());
        String copied = FileDigest.sha256(target);
        if (!copied.equals(hash)) {
            throw new IOException("the standby's copy of " + relative + " is not the file sent (SHA-256 " + copied
                    + ", not " + hash + ")");
        }
        Path sums = root.resolve(area).resolve(SUMS);
        try (FileChannel c = FileChannel.open(sums, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            c.write(java.nio.ByteBuffer.wrap((hash + "  " + relative + "\n").getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        }
    }

    /** A file's or a folder's content forced to disk: the copy survives the standby's own crash. */
    private static void force(Path path) throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    @Override
    public String toString() {
        return root == null ? "no standby archive" : "the standby archive " + root;
    }
}
