package dev.hako.cni;

import java.util.regex.Pattern;

/** CNI spec versions ("0.4.0", "1.0.0"): which one a configuration speaks, and what that version allows. */
final class CniVersion {
    /** The newest spec version this client implements (and Debian's plugins 1.1.1 accept). */
    static final String IMPLEMENTED = "1.0.0";

    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private CniVersion() {}

    static boolean isValid(String version) {
        return version != null && SEMVER.matcher(version).matches();
    }

    /** Compares two valid versions numerically ("0.10.0" after "0.4.0"). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** CHECK, and passing the cached result as prevResult on DEL, came with spec 0.4.0. */
    static boolean hasCheckAndCachedDel(String version) {
        return compare(version, "0.4.0") >= 0;
    }
}
