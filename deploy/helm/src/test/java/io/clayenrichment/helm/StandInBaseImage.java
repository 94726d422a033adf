package io.clayenrichment.helm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny base image pushed into the local registry in place of eclipse-temurin:21-jre, which the
 * build machine cannot pull (no Docker Hub there). One empty layer and a config, Docker schema 2: Jib
 * needs no more of a base than that to build and push, and the images' own settings (entrypoint,
 * user, ports, labels) come from the project's Jib configuration, not from the base.
 */
record StandInBaseImage(String reference, String layerDigest) {

    static final String REPOSITORY = "stand-in/base";
    static final String TAG = "test";
    private static final String LAYER_MEDIA_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json";

    static StandInBaseImage pushTo(LocalRegistry registry) {
        RegistryApi api = registry.api();
        // An empty tar is two zero blocks; the config names the uncompressed layer's digest.
        byte[] tar = new byte[1024];
        byte[] layer = gzip(tar);
        String layerDigest = api.pushBlob(REPOSITORY, layer);
        byte[] config = """
                {"architecture":"amd64","os":"linux",
                 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}
                """.formatted(RegistryApi.digest(tar)).getBytes(StandardCharsets.UTF_8);
        String configDigest = api.pushBlob(REPOSITORY, config);
        byte[] manifest = """
                {"schemaVersion":2,"mediaType":"%s",
                 "config":{"mediaType":"%s","size":%d,"digest":"%s"},
                 "layers":[{"mediaType":"%s","size":%d,"digest":"%s"}]}
                """.formatted(RegistryApi.DOCKER_MANIFEST, CONFIG_MEDIA_TYPE, config.length, configDigest,
                LAYER_MEDIA_TYPE, layer.length, layerDigest).getBytes(StandardCharsets.UTF_8);
        api.pushManifest(REPOSITORY, TAG, manifest);
        return new StandInBaseImage(registry.address() + "/" + REPOSITORY + ":" + TAG, layerDigest);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
