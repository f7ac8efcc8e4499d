package cn.yrd.onecard.settlement;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The settlement service: netting, ledger, reconciliation, reports and the balance API. */
@SpringBootApplication
public class SettlementApplication {
}
