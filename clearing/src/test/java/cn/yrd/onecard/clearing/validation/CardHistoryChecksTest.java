package cn.yrd.onecard.clearing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CardHistoryChecksTest {
    @Test
    void recordsAreGroupedByCardInCardOrderEachCardsInTheOrderGiven() {
        Random random = new Random(7);
        List<PurseRecord> day = new ArrayList<>();
        for (int line = 0; line < 5_000; line++) {
            // Few cards for many records: every card has several, spread over the day in file order.
            long card = 3_100_000_000_000_000L + random.nextInt(700) * 1_000_003L;
            day.add(new PurseRecord(card, 'O', line, true, 20_000, 1, line + 2, 0, 0, 0, null, 0));
        }
        List<PurseRecord> expected = new ArrayList<>(day);
        expected.sort(Comparator.comparingLong(r -> r.card)); // stable: a card's records keep their order
        assertThat(CardHistoryChecks.byCard(day)).containsExactlyElementsOf(expected);
        assertThat(CardHistoryChecks.byCard(List.of())).isEmpty();
    }
}
