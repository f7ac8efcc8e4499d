package cn.yrd.onecard.sim.personal;

import static cn.yrd.onecard.TestHex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.sim.card.CardSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalisationTest {
    @TempDir
    Path dir;

    CityKeyStore keys;

    @BeforeEach
    void keystore() throws Exception {
        keys = CityKeyStore.generate(dir.resolve("keys.p12"), "pw".toCharArray(), EnumSet.allOf(KeyPurpose.class),
                new SecureRandom());
    }

    @Test
    void theDocumentedExampleIssuesCardsWithKeysFromTheKeystoreOrGivenExplicitly() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "personalisation.md"));
        Matcher m = Pattern.compile("<!-- example:personalisation -->\\n```json\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).isTrue();
        Path file = Files.writeString(dir.resolve("cards.json"), m.group(1));

        Personalisation p = Personalisation.read(file, keys);
        assertThat(p.cards()).hasSize(3);
        assertThat(p.psams()).hasSize(1);

        CardSpec suzhou = p.cards().get(0);
        assertThat(suzhou.appSerial()).isEqualTo("32050000000000001234");
        byte[] expectedTac = new CardCrypto(CardAlgorithm.TRIPLE_DES)
                .diversify(keys.key(KeyPurpose.TAC, Cities.byCode("3205")), suzhou.serial());
        assertThat(suzhou.keys().dtk()).isEqualTo(expectedTac);

        CardSpec shanghai = p.cards().get(1);
        assertThat(shanghai.cardType()).isEqualTo(CardType.SENIOR);
        assertThat(shanghai.keys().algorithm()).isEqualTo(CardAlgorithm.SM4);
        assertThat(shanghai.citizen().card().homeCity()).isEqualTo(Cities.byCode("3100"));

        assertThat(p.cards().get(2).keys().dpk()).isEqualTo(hex("11223344556677888877665544332211"));
        assertThat(p.psams().get(0).purchaseKeys().apply(Cities.byCode("3302")))
                .isEqualTo(keys.key(KeyPurpose.PURCHASE, Cities.byCode("3302")));
    }

    @Test
    void everyMistakeNamesItsField() throws Exception {
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3299\",\"serial\":\"0000000000000001\",\"balance\":1}]}",
                "cards.json: cards[0].city: '3299' is not one of the 16 city codes");
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"0000000000000001\",\"balanse\":1}]}",
                "cards.json: cards[0].balance: is required");
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"0000000000000001\",\"balance\":1,"
                + "\"colour\":\"red\"}]}", "cards.json: cards[0].colour: unknown field");
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"12\",\"balance\":1}]}",
                "cards.json: cards[0].serial: must be 16 decimal digits");
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"0000000000000001\",\"balance\":-5}]}",
                "cards.json: cards[0].balance: must be between 0 and 4294967295, got -5");
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"0000000000000001\",\"balance\":1,"
                + "\"keys\":{\"cardKeys\":{\"purchase\":\"1122\",\"load\":\"x\",\"tac\":\"x\",\"maintenance\":\"x\"}}}]}",
                "cards.json: cards[0].keys.cardKeys.purchase: must be 32 hex digits (a 16-byte key)");
        assertRejected("{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"0000000000000001\",\"balance\":1,"
                + "\"keys\":{\"masterKeyAliases\":{\"tac\":\"tac-9999\"}}}]}", "has no key 'tac-9999'");
        assertRejected("{\"version\":1,", "cards.json: not valid JSON");
        assertRejected("{\"version\":2}", "cards.json: version: must be between 1 and 1, got 2");
    }

    @Test
    void withoutAKeystoreOnlyExplicitKeysWork() throws Exception {
        Path file = Files.writeString(dir.resolve("cards.json"),
                "{\"version\":1,\"cards\":[{\"city\":\"3205\",\"serial\":\"0000000000000001\",\"balance\":1}]}");
        assertThatThrownBy(() -> Personalisation.read(file, null)).hasMessageStartingWith(
                "cards.json: cards[0].keys: card keys are diversified from the cities' master keys");
    }

    private void assertRejected(String json, String message) throws Exception {
        Path file = Files.writeString(dir.resolve("cards.json"), json);
        assertThatThrownBy(() -> Personalisation.read(file, keys)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageNotContaining("1122");
    }
}
