package cn.yrd.onecard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A city's card company's register of its merchants: written in one place, read whole or refused with the line. */
class MerchantRegisterTest {
    private static final City SUZHOU = Cities.byCode("3205");
    private static final Merchant TAXI = new Merchant("320500000000042", "苏州出租 苏E-T1234", Category.TAXI, SUZHOU, 60,
            "6222020000000042");
    private static final Merchant SHOP = new Merchant("320500000000007", "观前街便利店", Category.RETAIL, SUZHOU, 80,
            "6222020000000007");

    @TempDir
    Path dir;

    @Test
    void theTextItWritesReadsBackInMerchantOrderAndTheirTerminalsCarryTheirOperatorId() throws Exception {
        String text = MerchantRegister.text(SUZHOU, List.of(TAXI, SHOP));
        assertThat(text).startsWith("H|MERCHANTS|1|3205\nM|320500000000007|观前街便利店|RETAIL|3205|80|6222020000000007\n"
                + "M|320500000000042|苏州出租 苏E-T1234|TAXI|3205|60|6222020000000042\nT|2|");
        MerchantRegister read = MerchantRegister.read(Files.writeString(dir.resolve("merchants.txt"), text));
        assertThat(read.acquirer()).isEqualTo(SUZHOU);
        assertThat(read.merchants()).containsExactly(SHOP, TAXI);
        assertThat(TAXI.operatorId()).isEqualTo("0320500000000042");
        assertThat(read.byOperator("0320500000000042")).contains(TAXI);
        assertThat(read.byOperator("0000000000003205")).as("a bus company is no merchant").isEmpty();
        assertThat(TAXI.toString()).as("the account masked").contains("****0042").doesNotContain("6222020000000042");
    }

    @Test
    void eachBadLineIsRefusedWithItsLineAndFieldAndNoRegisterIsReturned() throws Exception {
        String shop = SHOP.line();
        String taxi = TAXI.line();
        for (String[] bad : new String[][] {
            {taxi.replace("|TAXI|", "|CASINO|"), "line 2, field category: 'CASINO' is not one of RETAIL, TAXI, PARKING, "
                    + "FUEL, UTILITY"},
            {shop.replace("|3205|", "|3100|"), "line 2, field city: merchant in 3100: 3205's company acquires its own "
                    + "city's merchants"},
            {shop.replace("|80|", "|1001|"), "line 2: a merchant's fee is 0 to 1000 basis points, got 1001"},
            {shop.replace("|80|", "|8%|"), "line 2, field fee_bp: '8%' is not a whole number of basis points"},
            {taxi + "\n" + shop, "line 3, field merchant_id: '320500000000007' is not after 320500000000042: merchants in "
                    + "ascending id, each once"},
            {shop.replace("320500000000007", "32050000000000A"), "line 2: a merchant id is 15 digits, got "
                    + "'32050000000000A'"}}) {
            List<String> lines = List.of(bad[0].split("\n"));
            Path file = Files.writeString(dir.resolve("bad.txt"), "H|MERCHANTS|1|3205\n" + String.join("\n", lines)
                    + "\n" + ControlledFrame.trailer(lines) + "\n");
            assertThatThrownBy(() -> MerchantRegister.read(file)).as(bad[1]).hasMessageContaining(bad[1]);
        }
        String text = MerchantRegister.text(SUZHOU, List.of(SHOP));
        Path tampered = Files.writeString(dir.resolve("tampered.txt"), text.replace("|80|", "|10|"));
        assertThatThrownBy(() -> MerchantRegister.read(tampered)).hasMessageContaining("sha256");
        assertThatThrownBy(() -> MerchantRegister.text(Cities.byCode("3100"), List.of(SHOP)))
                .hasMessage("merchant 320500000000007 is in 3205, not 3100: each city's company acquires its own "
                        + "city's merchants");
    }
}
