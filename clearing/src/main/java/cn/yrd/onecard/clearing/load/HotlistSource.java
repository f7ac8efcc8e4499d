package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The regional hotlist clearing checks records against: the file of {@code onecard.clearing.hotlist} (the
 * format terminals download, docs/formats.md), read whole once per run; none configured, none listed.
 */
@Component
class HotlistSource {
    private final Path file;
    private Hotlist hotlist;

    public HotlistSource(@Value("${onecard.clearing.hotlist:}") String file) {
        this.file = file.isBlank() ? null : Path.of(file);
    }

    public synchronized Hotlist hotlist() {
        if (hotlist == null) {
            try {
                hotlist = file == null ? Hotlist.empty() : HotlistFile.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException("hotlist " + file + ": " + e.getMessage(), e);
            }
        }
        return hotlist;
    }
}
