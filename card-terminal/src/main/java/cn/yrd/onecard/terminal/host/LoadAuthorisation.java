package cn.yrd.onecard.terminal.host;

/** The host's answer: approved with MAC2 (hex), or refused with the reason. */
public record LoadAuthorisation(String requestId, boolean approved, String mac2, String reason) {

    static LoadAuthorisation approve(String requestId, String mac2) {
        return new LoadAuthorisation(requestId, true, mac2, null);
    }

    static LoadAuthorisation refuse(String requestId, String reason) {
        return new LoadAuthorisation(requestId, false, null, reason);
    }
}
