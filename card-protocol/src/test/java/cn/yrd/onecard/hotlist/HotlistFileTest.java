package cn.yrd.onecard.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotlistFileTest {
    @TempDir
    Path dir;

    @Test
    void readsAListWhoseCardsTakeEffectAtTheirTime() throws Exception {
        Path f = write(7, "D|3100000000000001|LOST|20261123120000\n" + "D|3205000000001234|STOLEN|20261120000000\n");
        Hotlist list = HotlistFile.read(f);
        assertThat(list.version()).isEqualTo(7);
        assertThat(list.size()).isEqualTo(2);
        CardSerial lostAtNoon = CardSerial.of("3100000000000001");
        assertThat(list.isListedAt(lostAtNoon, LocalDateTime.of(2026, 11, 23, 11, 59))).isFalse();
        assertThat(list.isListedAt(lostAtNoon, LocalDateTime.of(2026, 11, 23, 12, 0))).isTrue();
        assertThat(list.contains(CardSerial.of("3205000000001235"))).isFalse();
    }

    @Test
    void aBadFileIsRefusedWholeWithItsLineAndField() throws Exception {
        assertRejected(write(1, "D|3205000000001234|LOST|20261120000000\nD|3100000000000001|LOST|20261120000000\n"),
                "line 3, field serial: serials must be in ascending order without repeats");
        assertRejected(write(1, "D|3205000000001234|FORGOT|20261120000000\n"),
                "line 2, field reason: 'FORGOT' is not one of LOST, STOLEN, REFUNDED, DAMAGED");
        Path good = write(1, "D|3205000000001234|LOST|20261120000000\n");
        String text = Files.readString(good);
        Files.writeString(good, text.replace("|LOST|", "|STOLEN|"));
        assertRejected(good, "line 3, field sha256: trailer hash does not match the lines");
        Files.writeString(good, text.replace("\nT|1|", "\nT|2|"));
        assertRejected(good, "line 3, field count: trailer says 2 lines, the file has 1");
        Files.writeString(good, text + "D|3205000000001235|LOST|20261120000000\n");
        assertRejected(good, "line 4: text after the trailer");
        Files.writeString(good, text.substring(0, text.indexOf("\nT|") + 1));
        assertRejected(good, "line 3: no trailer (file truncated?)");
    }

    @Test
    void millionsOfCardsLoadAndAreFound() throws Exception {
        int n = 2_000_000;
        Path f = dir.resolve("big.txt");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            out.write("H|HOTLIST|1|42|20261123000000\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < n; i++) {
                byte[] line = ("D|" + (3_100_000_000_000_000L + 3L * i) + "|LOST|20261101000000\n")
                        .getBytes(StandardCharsets.US_ASCII);
                sha.update(line);
                out.write(line);
            }
            out.write(("T|" + n + "|" + Hex.encodeHexString(sha.digest()) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        Hotlist list = HotlistFile.read(f);
        assertThat(list.size()).isEqualTo(n);
        assertThat(list.contains(3_100_000_000_000_000L + 3L * (n - 1))).isTrue();
        assertThat(list.contains(3_100_000_000_000_001L)).isFalse();
    }

    private Path write(long version, String cards) throws Exception {
        Path f = dir.resolve("hotlist-" + version + ".txt");
        String sha = Hex.encodeHexString(MessageDigest.getInstance("SHA-256").digest(cards.getBytes(StandardCharsets.US_ASCII)));
        Files.writeString(f, "H|HOTLIST|1|" + version + "|20261123000000\n" + cards + "T|"
                + cards.lines().count() + "|" + sha + "\n");
        return f;
    }

    private static void assertRejected(Path f, String message) {
        assertThatThrownBy(() -> HotlistFile.read(f)).hasMessageContaining(message);
    }
}
