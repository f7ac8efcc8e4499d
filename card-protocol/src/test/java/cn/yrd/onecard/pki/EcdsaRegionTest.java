package cn.yrd.onecard.pki;

/** The region in ECDSA P-256 with SHA-256, on the JDK's own providers and PKIX. */
class EcdsaRegionTest extends RegionalPkiTest {
    @Override
    Profile profile() {
        return Profile.ECDSA;
    }
}
