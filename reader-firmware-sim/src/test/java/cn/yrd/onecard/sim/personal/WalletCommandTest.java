package cn.yrd.onecard.sim.personal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.sim.card.CardSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletCommandTest {
    @TempDir
    Path dir;

    @Test
    void aWalletOfThousandsIssuesEveryCityAndCardTypeTheSameWayForTheSameSeed() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertThat(Cli.run(() -> WalletCommand.run(new String[] {"--count", "2000", "--seed", "7", "--out",
                a.toString()}))).isZero();
        assertThat(Cli.run(() -> WalletCommand.run(new String[] {"--count", "2000", "--seed", "7", "--out",
                b.toString()}))).isZero();
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b));

        CityKeyStore keys = CityKeyStore.generate(dir.resolve("k.p12"), "pw".toCharArray(),
                EnumSet.allOf(KeyPurpose.class), new SecureRandom());
        Personalisation p = Personalisation.read(a, keys);
        assertThat(p.cards()).hasSize(2000);
        assertThat(p.cards().stream().map(CardSpec::city).distinct()).hasSize(16);
        assertThat(p.cards().stream().map(CardSpec::cardType).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(CardType.values());
        assertThat(p.cards().stream().filter(c -> c.citizen() != null)).hasSize(400);
        assertThat(p.cards().stream().map(c -> c.serial().digits()).distinct()).hasSize(2000);
        assertThat(p.psams()).hasSize(1);
    }
}
