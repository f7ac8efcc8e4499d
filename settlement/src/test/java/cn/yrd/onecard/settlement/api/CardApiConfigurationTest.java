package cn.yrd.onecard.settlement.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class CardApiConfigurationTest {

    /** The firewall's quick answer for printable ASCII never lets through what its own rule would refuse. */
    @Test
    void theQuickHeaderCheckDecidesEveryHeaderAsTheFirewallsOwnRule() {
        List<String> headers = new ArrayList<>(List.of("", "X-Query-Secret", "123456789012", "Bearer eyJhbGciOi.x.y",
                "中文", "tab\there", "a\u0378b", "\ud800", "\ud83d\ude80", "line\r\nbreak"));
        for (int c = 0; c < 0x100; c++) {
            headers.add("ok" + (char) c + "ok");
        }
        for (Predicate<String> rule : List.of(StrictHttpFirewall.ALLOWED_HEADER_NAMES,
                StrictHttpFirewall.ALLOWED_HEADER_VALUES)) {
            Predicate<String> quick = CardApiConfiguration.orPrintableAscii(rule);
            for (String header : headers) {
                assertThat(quick.test(header)).as("%s", header.codePoints().mapToObj(Integer::toHexString).toList())
                        .isEqualTo(rule.test(header));
            }
        }
        // the rules do refuse some of these, so the comparison above is not of two predicates always true
        assertThat(headers).filteredOn(StrictHttpFirewall.ALLOWED_HEADER_VALUES.negate()).hasSizeGreaterThan(30);
    }
}
