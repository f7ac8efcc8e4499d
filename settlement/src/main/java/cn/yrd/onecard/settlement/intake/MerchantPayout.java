package cn.yrd.onecard.settlement.intake;

import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.registry.MerchantRegister.Category;

/**
 * What an acquiring city owes one of its merchants for a day's accepted payments, as clearing states it
 * ({@code <city>-merchants.txt}, docs/clearing.md): their count, gross, the merchant discount and the net the merchant
 * is paid, into its settlement account; and the merchant's category, for the finance pages' figures by category.
 */
public record MerchantPayout(String city, String merchantId, String name, Category category, String account, long count,
        long gross, long discount, long net) {

    public MerchantPayout {
        if (count <= 0 || discount < 0 || discount > gross || net != gross - discount) {
            throw new IllegalArgumentException("merchant " + merchantId + ": " + count + " payments, gross " + gross
                    + ", discount " + discount + ", net " + net + " do not add up");
        }
    }

    @Override
    public String toString() {
        return "MerchantPayout[" + city + " " + merchantId + " " + name + " (" + category + "), account " + Mask.account(account) + ", "
                + count + " payments, gross " + gross + ", discount " + discount + ", net " + net + "]";
    }
}
