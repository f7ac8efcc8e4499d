package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * One partition per issuing city: a purse belongs to one city, so the 16 cities' card histories are checked
 * in parallel, each in its own transaction. On a restart Spring Batch reuses the partitions of the first run;
 * those that committed are not run again.
 */
@Component
class CityPartitioner implements Partitioner {
    static final String PREFIX = "city-";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (City city : Cities.all()) {
            ExecutionContext ctx = new ExecutionContext();
            ctx.putString("city", city.code());
            partitions.put(PREFIX + city.code(), ctx);
        }
        return partitions;
    }

    /** The partition's city, from its name (as the file partitions do: a kill may leave the context unsaved). */
    static City city(String stepName) {
        return Cities.byCode(stepName.substring(stepName.lastIndexOf(PREFIX) + PREFIX.length()));
    }
}
