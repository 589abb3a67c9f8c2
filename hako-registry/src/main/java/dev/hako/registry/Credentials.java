package dev.hako.registry;

import dev.hako.errdefs.HakoException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password (or token) for one registry. */
public record Credentials(String username, String password) {
    public Credentials {
        if (username == null || username.isEmpty()) {
            throw HakoException.invalid("credentials without a user name");
        }
        if (username.indexOf(':') >= 0) {
            // Basic auth joins the two with ':', so the user name cannot hold one.
            throw HakoException.invalid("user name %s must not contain ':'", username);
        }
        if (password == null) {
            throw HakoException.invalid("credentials for %s without a password", username);
        }
    }

    /** The value of an {@code Authorization} header for HTTP Basic auth. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Never shows the password, so credentials can be logged by accident without harm. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=****]";
    }
}
