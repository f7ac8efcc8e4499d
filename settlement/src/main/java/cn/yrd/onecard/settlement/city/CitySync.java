package cn.yrd.onecard.settlement.city;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Makes the {@code city} table say what {@link Cities} says, every time the service starts. */
@Component
class CitySync implements ApplicationRunner {
    private final CityTable table;

    public CitySync(CityTable table) {
        this.table = table;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (City city : Cities.all()) {
            table.upsert(city);
        }
    }
}
