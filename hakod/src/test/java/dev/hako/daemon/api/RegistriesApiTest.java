package dev.hako.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RegistriesApiTest {
    @Test
    void loginAcceptsHostsAndUrlsAsDockerDoes() {
        assertEquals("docker.io", RegistriesApi.host(""));
        assertEquals("docker.io", RegistriesApi.host("https://index.docker.io/v1/"));
        assertEquals("docker.io", RegistriesApi.host("registry-1.docker.io"));
        assertEquals("127.0.0.1:5000", RegistriesApi.host("http://127.0.0.1:5000/v2/"));
        assertEquals("quay.io", RegistriesApi.host(" quay.io "));
    }
}
