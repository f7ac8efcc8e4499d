package cn.yrd.onecard.crypto;

import static cn.yrd.onecard.TestHex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HomeAuthorisationTest {
    private static final cn.yrd.onecard.record.MedicalCare WARD = cn.yrd.onecard.record.MedicalCare.parse(
            "THREE-INPATIENT");
    private final City shanghai = Cities.byCode("3100");
    private final City ningbo = Cities.byCode("3302");
    private final Map<City, byte[]> keys = Map.of(shanghai, hex("000102030405060708090A0B0C0D0E0F"),
            ningbo, hex("F0E0D0C0B0A090807060504030201000"));
    private final MedicalClaim claim = new MedicalClaim("3100-2026-000001", "A12345678", shanghai, ningbo, "HOSP3302",
            java.time.LocalDateTime.of(2026, 12, 1, 10, 30), MedicalClaim.Kind.CLAIM, WARD, 150_000, 65_000, 85_000, "");

    @Test
    void aClaimsMacIsTheDocumentedHmacOfItsFieldsUnderItsHomeCitysKey() throws Exception {
        // docs/formats.md, "The home city's authorisation": computed here from the text, not by the class.
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(keys.get(shanghai), "HmacSHA256"));
        String expected = HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(hmac.doFinal(
                "MEDICAL|3100-2026-000001|A12345678|3100|3302|HOSP3302|CLAIM|THREE-INPATIENT|150000|65000|85000"
                        .getBytes(StandardCharsets.UTF_8)), 8));

        HomeAuthorisation centre = HomeAuthorisation.medical(keys::get);
        assertThat(centre.of(claim)).isEqualTo(expected);
        MedicalClaim authorised = claim.authorisedBy(expected);
        assertThat(centre.verifies(authorised)).isTrue();
        // The counter's clock is not the home city's word: another time verifies the same.
        assertThat(centre.verifies(new MedicalClaim(claim.claimId(), claim.cardNumber(), shanghai, ningbo,
                claim.hospitalId(), claim.time().plusMinutes(3), MedicalClaim.Kind.CLAIM, WARD, 150_000, 65_000, 85_000, expected))).isTrue();
    }

    @Test
    void aRaisedFundPartAnotherHospitalAnotherCitysKeyOrNoMacDoNotVerify() {
        HomeAuthorisation centre = HomeAuthorisation.medical(keys::get);
        String mac = centre.of(claim);
        assertThat(centre.verifies(new MedicalClaim(claim.claimId(), claim.cardNumber(), shanghai, ningbo,
                claim.hospitalId(), claim.time(), MedicalClaim.Kind.CLAIM, WARD, 150_000, 75_000, 75_000, mac))).as("fund part raised").isFalse();
        assertThat(centre.verifies(new MedicalClaim(claim.claimId(), claim.cardNumber(), shanghai, ningbo, "HOSP9999",
                claim.time(), MedicalClaim.Kind.CLAIM, WARD, 150_000, 65_000, 85_000, mac))).as("another hospital").isFalse();
        assertThat(centre.verifies(claim)).as("no authorisation").isFalse();
        assertThat(centre.verifies(new MedicalClaim(claim.claimId(), claim.cardNumber(), shanghai, ningbo,
                claim.hospitalId(), claim.time(), MedicalClaim.Kind.REVERSAL, WARD, 150_000, 65_000, 85_000, mac)))
                .as("a claim's word taken for a reversal").isFalse();
        String ningbosWord = HomeAuthorisation.medical(c -> keys.get(ningbo)).of(claim);
        assertThat(centre.verifies(claim.authorisedBy(ningbosWord))).as("the service city's own key").isFalse();
    }

    @Test
    void pensionsHaveTheirOwnKeysAndAHostHoldsItsOwnCitysOnly() {
        PensionPayout payout = new PensionPayout("3100-P-000007", "A12345678", shanghai, ningbo, "PENS3302",
                java.time.LocalDateTime.of(2026, 12, 1, 9, 0), PensionPayout.Kind.PAYOUT, 900_000, "");
        HomeAuthorisation pensions = HomeAuthorisation.pension(keys::get);
        String mac = pensions.of(payout);
        assertThat(pensions.verifies(payout.authorisedBy(mac))).isTrue();
        assertThat(pensions.verifies(new PensionPayout(payout.payoutId(), payout.cardNumber(), shanghai, ningbo,
                payout.agentId(), payout.time(), PensionPayout.Kind.PAYOUT, 1_200_000, mac))).as("amount").isFalse();
        assertThatThrownBy(() -> pensions.of(claim)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HomeAuthorisation.medical(keys::get).of(payout))
                .isInstanceOf(IllegalStateException.class);
        assertThat(pensions.toString()).doesNotContain("0001020304");
    }

    @Test
    void aMalformedAuthorisationIsNoRecord() {
        assertThatThrownBy(() -> claim.authorisedBy("0123")).hasMessageContaining("16 upper-case hex digits");
        assertThatThrownBy(() -> claim.authorisedBy("0123456789abcdef")).hasMessageContaining("upper-case hex");
    }
}
