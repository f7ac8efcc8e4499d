package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The regional hotlist clearing checks records against: the file the night names ({@link NightInputs}, the format
 * terminals download, docs/formats.md), read whole once per run; none named, none listed.
 */
@Component
class HotlistSource {
    private final NightFile<Hotlist> hotlist;

    HotlistSource(NightInputs night) {
        this.hotlist = new NightFile<>(night, NightInputs.Inputs::hotlist, "hotlist",
                file -> file.isBlank() ? Hotlist.empty() : HotlistFile.read(Path.of(file)));
    }

    public Hotlist hotlist() {
        return hotlist.get();
    }
}
