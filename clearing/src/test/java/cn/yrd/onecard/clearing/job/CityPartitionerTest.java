package cn.yrd.onecard.clearing.job;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The card-history partitions: every issuing city checked once, whether a partition has one city or a group. */
class CityPartitionerTest {
    @Test
    void aSingleJvmHasAPartitionACityAndWorkersFourGroupsOfThemEachCityOnce() {
        var single = new CityPartitioner().partition(2);
        assertThat(single).hasSize(16).containsKey("city-3205");
        assertThat(cities(single.keySet())).containsExactlyElementsOf(Cities.all());

        var grouped = new CityPartitioner().inGroups(4).partition(2);
        assertThat(grouped).hasSize(4).allSatisfy((name, ctx) -> assertThat(CityPartitioner.cities(name)).hasSize(4));
        assertThat(cities(grouped.keySet())).containsExactlyInAnyOrderElementsOf(Cities.all());
    }

    @Test
    void aPartitionsCitiesComeFromItsStepNameOfEitherKind() {
        // A rerun keeps the first run's partitions: a night first run on workers may be rerun in one JVM.
        assertThat(CityPartitioner.cities("cardHistoryOf:city-3100+3206")).extracting(City::code)
                .containsExactly("3100", "3206");
        assertThat(CityPartitioner.cities("cardHistoryOf:city-3309")).extracting(City::code).containsExactly("3309");
    }

    private static List<City> cities(Iterable<String> partitions) {
        List<City> all = new ArrayList<>();
        partitions.forEach(p -> all.addAll(CityPartitioner.cities("cardHistoryOf:" + p)));
        return all;
    }
}
