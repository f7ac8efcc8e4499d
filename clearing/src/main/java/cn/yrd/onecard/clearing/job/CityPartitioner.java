package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Partitions by issuing city: a purse belongs to one city, so the cities' card histories are checked in parallel,
 * each partition in its own transaction. In one JVM a partition per city, which its threads share out evenly; on
 * remote workers {@link #inGroups groups of cities}, as each partition there costs a request, a step execution read
 * and written by a worker and the manager's polling. On a restart Spring Batch reuses the partitions of the first run;
 * those that committed are not run again.
 */
@Component
class CityPartitioner implements Partitioner {
    static final String PREFIX = "city-";
    private static final String AND = "+";
    private final int groups;

    CityPartitioner() {
        this(Cities.all().size());
    }

    private CityPartitioner(int groups) {
        this.groups = groups;
    }

    /** The 16 cities in {@code n} partitions, one city in every {@code n} each (partition {@code city-3100+3206+…}). */
    CityPartitioner inGroups(int n) {
        return new CityPartitioner(n);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<List<String>> grouped = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            grouped.add(new ArrayList<>());
        }
        List<City> all = Cities.all();
        for (int i = 0; i < all.size(); i++) {
            grouped.get(i % groups).add(all.get(i).code());
        }
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (List<String> cities : grouped) {
            ExecutionContext ctx = new ExecutionContext();
            ctx.putString("cities", String.join(AND, cities));
            partitions.put(PREFIX + String.join(AND, cities), ctx);
        }
        return partitions;
    }

    /**
     * The partition's cities, from its name (as the file partitions do: a kill may leave the context unsaved). A rerun
     * keeps the first run's partitions, so one of either kind may come to a JVM of the other.
     */
    static List<City> cities(String stepName) {
        return Arrays.stream(stepName.substring(stepName.lastIndexOf(PREFIX) + PREFIX.length()).split("\\" + AND))
                .map(Cities::byCode).toList();
    }
}
