package cn.yrd.onecard.terminal.medical;

import java.io.IOException;

/**
 * A home city's answer to a claim of one of its insured: the host itself, or a counter's client of it over the
 * network. An {@link IOException} means no answer came: nothing was recorded at the counter, and the same request
 * sent again is answered once.
 */
public interface MedicalAuthoriser {
    MedicalHost.Answer claim(MedicalHost.ClaimRequest request) throws IOException;

    /** Reverses a claim: the answer's id is the reversal's, its split the claim's. */
    MedicalHost.Answer reverse(MedicalHost.ReversalRequest request) throws IOException;
}
