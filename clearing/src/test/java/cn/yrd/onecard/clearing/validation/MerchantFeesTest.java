package cn.yrd.onecard.clearing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import org.junit.jupiter.api.Test;

/** The merchant discount and the issuer's share of docs/clearing.md, "Merchant payments". */
class MerchantFeesTest {
    private final MerchantFees fees = new MerchantFees(new ClearingRules(7, 30, 20_000, 100_000, 10_000_000,
            2_000_000, 50, 1, 100, 30));

    private static Merchant merchant(Category category, int basisPoints) {
        return new Merchant("320500000000017", "A merchant", category, Cities.byCode("3205"), basisPoints,
                "622202320500001234");
    }

    @Test
    void theDiscountIsTheMerchantsRateRoundedHalfUpBetweenItsCategorysMinimumAndCap() {
        assertThat(MerchantFees.discount(merchant(Category.RETAIL, 60), 1250)).as("7.5 fen rounds up").isEqualTo(8);
        assertThat(MerchantFees.discount(merchant(Category.RETAIL, 60), 1249)).as("7.494 rounds down").isEqualTo(7);
        assertThat(MerchantFees.discount(merchant(Category.RETAIL, 60), 50)).as("0.3 fen: the minimum").isEqualTo(1);
        assertThat(MerchantFees.discount(merchant(Category.TAXI, 1_000), 20_000)).as("20 yuan: the taxi cap")
                .isEqualTo(100);
        assertThat(MerchantFees.discount(merchant(Category.RETAIL, 1_000), 20_000)).as("under the retail cap")
                .isEqualTo(1_000);
        assertThat(MerchantFees.discount(merchant(Category.UTILITY, 30), 100)).as("a bill's minimum is nothing")
                .isZero();
    }

    @Test
    void theDiscountIsNeverMoreThanTheAmount() {
        assertThat(MerchantFees.discount(merchant(Category.RETAIL, 0), 0)).isZero();
        assertThat(MerchantFees.discount(merchant(Category.FUEL, 10), 1)).as("1 fen pays at most 1 fen").isEqualTo(1);
    }

    @Test
    void theIssuerEarnsItsShareRoundedDownOnlyOnACardOfAnotherCity() {
        assertThat(fees.issuerShare(8, true)).as("2.4 fen").isEqualTo(2);
        assertThat(fees.issuerShare(19, true)).as("5.7 fen").isEqualTo(5);
        assertThat(fees.issuerShare(19, false)).as("the acquirer's own card").isZero();
    }
}
