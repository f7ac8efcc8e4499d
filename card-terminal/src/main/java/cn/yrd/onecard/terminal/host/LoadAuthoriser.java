package cn.yrd.onecard.terminal.host;

import java.io.IOException;

/** Who a kiosk asks for a load's MAC2: the issuing city's host, over HTTP in production. */
public interface LoadAuthoriser {
    LoadAuthorisation authorise(LoadRequest request) throws IOException;
}
