package cn.yrd.onecard.database;

/** How to reach one service's schema through MySQL Connector/J. The password is never printed. */
public record DatabaseConnection(String url, String user, String password) {

    @Override
    public String toString() {
        return "DatabaseConnection[" + url + " as " + user + "]";
    }
}
