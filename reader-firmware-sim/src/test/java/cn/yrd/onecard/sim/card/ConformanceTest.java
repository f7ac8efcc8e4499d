package cn.yrd.onecard.sim.card;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.crypto.CardAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The card OS conformance suite (issue 22, docs/conformance.md): every case of {@code conformance/card-os.tsv}, each
 * on a fresh card, its commands sent in order and each answer matched whole. A case names the clause of ISO 7816-4,
 * the purse standard or the card profile it holds the card to.
 */
class ConformanceTest {
    /** Each table, and the fresh card its cases run on. */
    private static final Map<String, Function<TestIssuer, CardOs>> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("/conformance/card-os.tsv", issuer -> issuer.card("3205", "0000000012345678", 2000));
        TABLES.put("/conformance/card-os-requiring-le.tsv",
                issuer -> issuer.card("3205", "0000000012345678", 2000).requiringLe());
        TABLES.put("/conformance/card-os-in-pieces.tsv",
                issuer -> issuer.card("3205", "0000000012345678", 2000).answeringInPiecesOf(32));
        TABLES.put("/conformance/psam.tsv", issuer -> issuer.psam("0000AB12CD34"));
        TABLES.put("/conformance/citizen-card.tsv", issuer -> TestIssuer.powered(SimCards.issue(
                issuer.spec("3100", "0000000000000099", 5000, CardAlgorithm.SM4, true), new Random(3))));
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String table : TABLES.keySet()) {
            try (InputStream in = ConformanceTest.class.getResourceAsStream(table)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    assertThat(f).as("%s: case line '%s': case, reference, steps, what", table, line).hasSize(4);
                    cases.add(Arguments.of(f[0], f[1], f[2], f[3], table));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {3} ({1})")
    @MethodSource("cases")
    void theCardAnswersAsTheStandardSays(String id, String reference, String steps, String what, String table) {
        CardOs card = TABLES.get(table).apply(new TestIssuer());
        String file15 = null;
        for (String step : steps.split(" ; ")) {
            if (step.equals("{EP}")) {
                assertThat(TestIssuer.send(card, PurseTest.SELECT_EP).sw()).as("%s: SELECT the purse", id)
                        .isEqualTo(0x9000);
                file15 = HexFormat.of().withUpperCase().formatHex(TestIssuer.send(card, "00B0950000").data());
                TestIssuer.send(card, PurseTest.SELECT_EP); // the read made 0x15 the current EF: the purse afresh
                continue;
            }
            String[] commandAndAnswer = step.split("=>");
            if (commandAndAnswer.length == 1) {
                TestIssuer.send(card, step); // a step whose answer the case does not judge (a SELECT before the case)
                continue;
            }
            String expected = commandAndAnswer[1].replace("{FILE15}", String.valueOf(file15));
            String answer = TestIssuer.send(card, commandAndAnswer[0]).toHex();
            assertThat(answer).as("%s (%s) %s: %s answered", id, reference, what, commandAndAnswer[0])
                    .matches(expected);
        }
    }
}
