package io.clayenrichment.helm;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The file system of a pushed image: the paths of all its layers (gzipped tars, read in order), and
 * the contents of its small files, so a test can check that a command's class path is really there.
 */
final class ImageFiles {

    /** Contents kept up to this size: the class path file and the project's own jars, not every library. */
    private static final int KEPT_CONTENT_LIMIT = 256 * 1024;
    private static final int BLOCK = 512;

    private final Set<String> paths = new HashSet<>();
    private final Map<String, byte[]> contents = new HashMap<>();

    static ImageFiles of(RegistryApi api, PushedImage image) {
        ImageFiles files = new ImageFiles();
        for (String layer : image.layerDigests()) {
            try (InputStream tar = new GZIPInputStream(api.blobStream(image.repository(), layer))) {
                files.readTar(new DataInputStream(tar));
            } catch (IOException e) {
                throw new UncheckedIOException("layer " + layer + " of " + image.repository(), e);
            }
        }
        return files;
    }

    boolean has(String path) {
        return paths.contains(path);
    }

    Optional<String> text(String path) {
        return Optional.ofNullable(contents.get(path)).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Whether a class path entry (a folder or a jar of this image) holds the class. */
    boolean classPathEntryHolds(String entry, String className) {
        String classFile = className.replace('.', '/') + ".class";
        if (paths.contains(entry + "/" + classFile)) {
            return true;
        }
        byte[] jar = contents.get(entry);
        if (jar == null) {
            return false;
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry zipEntry = zip.getNextEntry(); zipEntry != null; zipEntry = zip.getNextEntry()) {
                if (zipEntry.getName().equals(classFile)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(entry, e);
        }
    }

    /** ustar with PAX or GNU long names, which is what Jib and most tools write. */
    private void readTar(DataInputStream tar) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (readBlock(tar, header) && header[0] != 0) {
            String octalSize = field(header, 124, 12).trim();
            long size = octalSize.isEmpty() ? 0 : Long.parseLong(octalSize, 8);
            char type = (char) header[156];
            byte[] data = size <= KEPT_CONTENT_LIMIT || type == 'x' || type == 'L' ? new byte[(int) size] : null;
            if (data != null) {
                tar.readFully(data);
            } else {
                tar.skipNBytes(size);
            }
            tar.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
            if (type == 'x' || type == 'L') {
                longName = type == 'L' ? new String(data, StandardCharsets.UTF_8).replace("\0", "") : paxPath(data);
                continue;
            }
            String name = longName != null ? longName : ustarName(header);
            longName = null;
            String path = "/" + name.replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
            paths.add(path);
            if (data != null && (type == '0' || type == '\0')) {
                contents.put(path, data);
            }
        }
    }

    private static boolean readBlock(DataInputStream tar, byte[] block) throws IOException {
        try {
            tar.readFully(block);
            return true;
        } catch (EOFException end) {
            return false;
        }
    }

    private static String ustarName(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = field(header, 257, 6).startsWith("ustar") ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** PAX records are "<length> key=value\n"; only path matters here. */
    private static String paxPath(byte[] records) {
        for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
