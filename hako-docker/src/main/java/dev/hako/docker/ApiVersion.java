package dev.hako.docker;

import dev.hako.errdefs.HakoException;

/**
 * A Docker Engine API version ({@code 1.50}), as a request names it in its path ({@code /v1.50/...})
 * or as the daemon announces it. hako serves {@link #MIN} to {@link #MAX}: 1.24 is the oldest docker
 * still accepts, 1.50 what the docker CLI 28 asks for.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    public static final ApiVersion MIN = new ApiVersion(1, 24);
    public static final ApiVersion MAX = new ApiVersion(1, 50);

    public ApiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative API version");
        }
    }

    /** "1.50" as it follows the {@code v} of a path; a malformed version is a bad request. */
    public static ApiVersion parse(String text) {
        int dot = text.indexOf('.');
        try {
            if (dot > 0 && dot < text.length() - 1 && text.indexOf('.', dot + 1) < 0) {
                return new ApiVersion(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the error below
        }
        throw HakoException.invalid("invalid API version: %s", text);
    }

    /** The version a request may use: docker's messages for one outside what is served. */
    public ApiVersion requireServed() {
        if (compareTo(MAX) > 0) {
            throw HakoException.invalid("client version %s is too new. Maximum supported API version is %s", this, MAX);
        }
        if (compareTo(MIN) < 0) {
            throw HakoException.invalid("client version %s is too old. Minimum supported API version is %s, please "
                    + "upgrade your client to a newer version", this, MIN);
        }
        return this;
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return compareTo(new ApiVersion(wantMajor, wantMinor)) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
