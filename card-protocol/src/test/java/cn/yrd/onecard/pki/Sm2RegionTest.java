package cn.yrd.onecard.pki;

/** The region in SM2 with SM3 (GM/T 0015), on Bouncy Castle's provider and PKIX. */
class Sm2RegionTest extends RegionalPkiTest {
    @Override
    Profile profile() {
        return Profile.SM2;
    }
}
