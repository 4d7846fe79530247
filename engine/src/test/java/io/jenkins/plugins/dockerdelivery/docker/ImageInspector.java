package io.jenkins.plugins.dockerdelivery.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Test helper: what an image really contains, and what a registry really serves. */
final class ImageInspector {
    private ImageInspector() {}

    /** The paths below {@code dir} in {@code image}, relative to it, sorted; directories end in '/'. */
    static List<String> files(DockerClient client, String image, String dir) throws IOException {
        String container =
                client.createContainerCmd(image).withCmd("true").exec().getId();
        try (InputStream tar =
                        client.copyArchiveFromContainerCmd(container, dir).exec();
                TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            List<String> names = new ArrayList<>();
            String prefix = dir.replaceAll("^/+|/+$", "").replaceAll(".*/", "") + "/";
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    names.add(name.substring(prefix.length()));
                }
            }
            names.sort(null);
            return names;
        } finally {
            client.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /** The content of the file {@code path} in {@code image}, as UTF-8. */
    static String fileContent(DockerClient client, String image, String path) throws IOException {
        String container =
                client.createContainerCmd(image).withCmd("true").exec().getId();
        try (InputStream tar =
                        client.copyArchiveFromContainerCmd(container, path).exec();
                TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry = in.getNextEntry();
            if (entry == null) {
                throw new IOException(path + " is not in " + image);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            client.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /** The registry's Docker-Content-Digest for {@code repository:tag}. */
    static String registryDigest(String registry, String repository, String tag, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header(
                        "Accept",
                        String.join(
                                ", ",
                                "application/vnd.docker.distribution.manifest.v2+json",
                                "application/vnd.docker.distribution.manifest.list.v2+json",
                                "application/vnd.oci.image.manifest.v1+json",
                                "application/vnd.oci.image.index.v1+json"));
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<Void> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IOException("HEAD manifest " + repository + ":" + tag + " answered " + response.statusCode());
        }
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /** The config digest (the image ID) of the manifest {@code digest} the registry serves for {@code repository}. */
    static String manifestConfigDigest(String registry, String repository, String digest)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + digest))
                .header(
                        "Accept",
                        "application/vnd.docker.distribution.manifest.v2+json,"
                                + " application/vnd.oci.image.manifest.v1+json")
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET manifest " + repository + "@" + digest + " answered " + response.statusCode());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body())
                .path("config")
                .path("digest")
                .asText();
    }
}
