package cn.yrd.onecard.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HotlistTest {

    @Test
    void aListedCardIsFoundAndItsNeighboursAreNot() {
        Hotlist list = Hotlist.of(7, List.of(CardSerial.of("3205000000001234"), CardSerial.of("3100000000000001"),
                CardSerial.of("3205000000001234")));
        assertThat(list.contains(CardSerial.of("3205000000001234"))).isTrue();
        assertThat(list.contains(CardSerial.of("3205000000001233"))).isFalse();
        assertThat(list.contains(CardSerial.of("3205000000001235"))).isFalse();
        assertThat(list.size()).as("duplicates collapse").isEqualTo(2);
        assertThat(list.version()).isEqualTo(7);
        assertThat(Hotlist.empty().contains(CardSerial.of("3100000000000001"))).isFalse();
    }

    @Property
    void answersExactlyLikeASet(@ForAll @Size(max = 500) List<@LongRange(max = 9_999_999_999_999_999L) Long> listed,
            @ForAll @Size(max = 200) List<@LongRange(max = 9_999_999_999_999_999L) Long> probes) {
        Set<Long> expected = new HashSet<>(listed);
        Hotlist list = Hotlist.ofSerials(1, listed.stream().mapToLong(Long::longValue).toArray());
        for (long probe : probes) {
            assertThat(list.contains(probe)).isEqualTo(expected.contains(probe));
        }
        for (long l : listed) {
            assertThat(list.contains(l)).isTrue();
        }
    }
}
