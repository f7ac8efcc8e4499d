package cn.yrd.onecard.settlement.recovery;

import cn.yrd.onecard.archive.FileDigest;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A backup restored into a fresh server and proven (issue 20, docs/recovery.md): the manifest read whole, every file
 * of the backup against its hash, the schemas loaded by the server's own client, then the restored ledger balanced
 * and each settled day's pair totals equal to the result files the centre sent that night (from the backup's file
 * archive, not from the database), and every day file the restored clearing schema took in found in the archive with
 * its hash. The first check that fails is named in one line, and the backup is refused.
 */
final class Restore {
    /** A check the backup failed: its name and what was found. */
    static final class Refused extends Exception {
        Refused(String check, String found) {
            super(check + ": " + found);
        }
    }

    /** What the restore proved. */
    record Proven(int files, int schemas, long entries, int settledDays, long records, int dayFiles) {
        Proven withDayFiles(int n) {
            return new Proven(files, schemas, entries, settledDays, records, n);
        }
    }

    private Restore() {
    }

    /** The backup's entries, its manifest read whole: a backup cut short or changed has none. */
    static List<Backup.Entry> manifest(Path backup) throws IOException, Refused {
        Path file = backup.resolve(Backup.MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new Refused("an incomplete backup", "no " + Backup.MANIFEST + " in " + backup
                    + " (a backup cut short writes none)");
        }
        List<Backup.Entry> entries = new ArrayList<>();
        try {
            ControlledFrame.read(file, new ControlledFrame.Format() {
                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    if (!line.text().startsWith(Backup.HEADER)) {
                        throw line.error("header", "not a backup's manifest");
                    }
                }

                @Override
                public long body(ControlledFrame.Line line) throws DayFileFormatException {
                    String[] f = line.fields();
                    try {
                        if (f[0].equals("S") && f.length == 6) {
                            entries.add(new Backup.Entry("S", f[1], f[2], f[3], Long.parseLong(f[4]), f[5]));
                        } else if (f[0].equals("F") && f.length == 4) {
                            entries.add(new Backup.Entry("F", null, null, f[1], Long.parseLong(f[2]), f[3]));
                        } else {
                            throw line.error(null, "neither a schema (S) nor a file (F) line");
                        }
                    } catch (NumberFormatException e) {
                        throw line.error("size", "not a number");
                    }
                    return 0;
                }
            });
        } catch (DayFileFormatException e) {
            throw new Refused("a damaged manifest", e.getMessage());
        }
        return entries;
    }

    /** Every file the manifest names, there, of its size and hash. */
    static void checkFiles(Path backup, List<Backup.Entry> entries) throws IOException, Refused {
        for (Backup.Entry e : entries) {
            Path f = backup.resolve(e.path()).normalize();
            if (!f.startsWith(backup.normalize())) {
                throw new Refused("the file archive's hashes", e.path() + " is outside the backup");
            }
            if (!Files.isRegularFile(f)) {
                throw new Refused("the file archive's hashes", e.path() + " is missing");
            }
            if (Files.size(f) != e.size() || !FileDigest.sha256(f).equals(e.sha256())) {
                throw new Refused("the file archive's hashes", e.path() + " is not what was backed up (its SHA-256 "
                        + "or size differs from the manifest's)");
            }
        }
    }

    /**
     * The restored settlement schema at {@code settlement} proven against the backup's archive: every ledger entry
     * balanced and the ledger as a whole; every settled day's pair totals those of the result files sent that night.
     */
    static Proven prove(Path backup, List<Backup.Entry> entries, String jdbcUrl, String user, String password)
            throws SQLException, IOException, Refused {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            List<Long> unbalanced = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT entry_id FROM journal_line GROUP BY entry_id "
                    + "HAVING SUM(debit) <> SUM(credit) ORDER BY entry_id")) {
                while (rs.next()) {
                    unbalanced.add(rs.getLong(1));
                }
            }
            if (!unbalanced.isEmpty()) {
                throw new Refused("the ledger balances", "entries " + unbalanced + " do not balance");
            }
            long entriesCount;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0) "
                    + "FROM journal_line")) {
                rs.next();
                if (rs.getLong(2) != 0) {
                    throw new Refused("the ledger balances", "its debits and credits differ by " + rs.getLong(2)
                            + " fen");
                }
                entriesCount = rs.getLong(1);
            }
            List<String> days = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT business_date FROM settlement_day ORDER BY business_date")) {
                while (rs.next()) {
                    days.add(rs.getDate(1).toLocalDate().toString());
                }
            }
            long records = 0;
            for (String day : days) {
                Set<String> restored = new TreeSet<>();
                try (var ps = c.prepareStatement("SELECT business_line, payer_city, payee_city, record_count, gross, "
                        + "fees, net FROM pair_total WHERE business_date = ?")) {
                    ps.setString(1, day);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            restored.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                            records += rs.getLong(4);
                        }
                    }
                }
                Set<String> sent = sentTotals(backup, entries, day);
                if (sent == null) {
                    throw new Refused("the totals of every settled day", day + " is settled, and the backup holds "
                            + "none of that night's result files");
                }
                if (!restored.equals(sent)) {
                    Set<String> onlyRestored = new TreeSet<>(restored);
                    onlyRestored.removeAll(sent);
                    Set<String> onlySent = new TreeSet<>(sent);
                    onlySent.removeAll(restored);
                    throw new Refused("the totals of every settled day", day + ": the restored pair totals "
                            + onlyRestored + " are not the result files' " + onlySent);
                }
            }
            return new Proven((int) entries.stream().filter(e -> e.kind().equals("F")).count(),
                    (int) entries.stream().filter(e -> e.kind().equals("S")).count(), entriesCount, days.size(),
                    records, 0);
        }
    }

    /**
     * The restored clearing schema at {@code jdbcUrl} against the archive: every day file it took in is in the
     * archive's inbox, with the trailer hash it was taken in with. How many it holds.
     */
    static int proveClearing(Path backup, List<Backup.Entry> entries, String jdbcUrl, String user, String password)
            throws SQLException, IOException, Refused {
        java.util.Map<String, List<Path>> archived = new java.util.HashMap<>();
        for (Backup.Entry e : entries) {
            if (e.kind().equals("F") && e.path().startsWith("files/inbox/")) {
                archived.computeIfAbsent(e.path().substring(e.path().lastIndexOf('/') + 1), k -> new ArrayList<>())
                        .add(backup.resolve(e.path()));
            }
        }
        int files = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT file_name, sha256 FROM day_file ORDER BY id")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String sha = rs.getString(2);
                boolean found = false;
                for (Path copy : archived.getOrDefault(name, List.of())) {
                    found |= sha.equals(trailerHash(copy));
                }
                if (!found) {
                    throw new Refused("the day files received", name + " was taken in by clearing (trailer hash "
                            + sha + "), and the archive holds no such file");
                }
                files++;
            }
        }
        return files;
    }

    /**
     * The trailer hash of the day file {@code copy}, read and checked whole as clearing's intake reads it (streamed,
     * not held in memory), or null for a file that is no day file.
     */
    private static String trailerHash(Path copy) throws IOException {
        try {
            return DayFileReader.verify(copy, RecordFormats.of(DayFileReader.readHeader(copy).kind())).trailer()
                    .sha256();
        } catch (DayFileFormatException e) {
            return null;
        }
    }

    /** The pair totals of the night's result files in the archive (each pair is in both its cities'), or null. */
    private static Set<String> sentTotals(Path backup, List<Backup.Entry> entries, String day) throws IOException {
        String prefix = "files/outbox/" + day + "/";
        List<Path> results = entries.stream().filter(e -> e.kind().equals("F") && e.path().startsWith(prefix)
                && e.path().endsWith("-result.txt") && e.path().indexOf('/', prefix.length()) < 0)
                .map(e -> backup.resolve(e.path())).toList();
        if (results.isEmpty()) {
            return null;
        }
        Set<String> totals = new TreeSet<>();
        for (Path r : results) {
            try (Stream<String> lines = Files.lines(r)) {
                lines.filter(l -> l.startsWith("R|")).forEach(l -> totals.add(l.substring(2)));
            }
        }
        return totals;
    }
}
