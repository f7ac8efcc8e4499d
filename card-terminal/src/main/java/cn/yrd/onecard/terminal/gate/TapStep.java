package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;

/** One participant of a tap. A step decides the tap by calling refuse or open on the context, or leaves it to the next. */
interface TapStep {
    void run(TapContext tap) throws TerminalException, IOException;
}
