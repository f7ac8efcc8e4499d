package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.archive.StandbyArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Two folders of the centre's files compared byte for byte: a disturbed night's against the undisturbed one's
 * ({@code dr drill}), the standby site's archive against what the night took in and sent ({@code demo --dr}).
 */
final class FolderComparison {
    private FolderComparison() {
    }

    /**
     * The files of {@code expected} and {@code actual} that differ: a name in one and not the other, or contents not
     * byte for byte the same. Detached signatures ({@code .p7s}) are compared by presence: ECDSA signs afresh.
     */
    static List<String> differences(Path expected, Path actual) throws IOException {
        TreeSet<Path> names = new TreeSet<>(files(expected));
        names.addAll(files(actual));
        List<String> differ = new ArrayList<>();
        for (Path name : names) {
            Path a = expected.resolve(name);
            Path b = actual.resolve(name);
            if (!Files.exists(a) || !Files.exists(b)) {
                differ.add(name + " only in " + (Files.exists(a) ? expected : actual));
            } else if (!name.toString().endsWith(".p7s") && Files.mismatch(a, b) != -1) {
                differ.add(name + " differs from byte " + Files.mismatch(a, b));
            }
        }
        return differ;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            // The archive's own list of hashes is not a file of the night.
            return walk.filter(Files::isRegularFile).map(dir::relativize)
                    .filter(p -> !p.getFileName().toString().equals(StandbyArchive.SUMS)).toList();
        }
    }
}
