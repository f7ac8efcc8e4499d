package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The regional hotlist clearing checks records against: the file the night names ({@link NightInputs}, the format
 * terminals download, docs/formats.md), read whole once per run; none named, none listed.
 */
@Component
class HotlistSource {
    private final NightInputs night;
    private long readFor = -1;
    private Hotlist hotlist;

    HotlistSource(NightInputs night) {
        this.night = night;
    }

    public synchronized Hotlist hotlist() {
        if (readFor != night.run()) {
            String file = night.get().hotlist();
            try {
                hotlist = file.isBlank() ? Hotlist.empty() : HotlistFile.read(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("hotlist " + file + ": " + e.getMessage(), e);
            }
            readFor = night.run();
        }
        return hotlist;
    }
}
