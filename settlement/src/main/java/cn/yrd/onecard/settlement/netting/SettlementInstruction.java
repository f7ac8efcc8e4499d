package cn.yrd.onecard.settlement.netting;

import java.time.LocalDate;

/**
 * A transfer through the regional settlement account: a net debtor pays the centre ({@code PAY_IN}), the
 * centre pays a net creditor ({@code PAY_OUT}). The reference is what the bank's confirmation quotes.
 */
public record SettlementInstruction(String reference, LocalDate date, String city, Direction direction,
        long amount) {

    public enum Direction { PAY_IN, PAY_OUT }

    public static String reference(LocalDate date, String city) {
        return "STL-" + date.toString().replace("-", "") + "-" + city;
    }
}
