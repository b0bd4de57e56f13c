package dev.messenger.gateway.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One personal export being written: a zip whose entries are each hashed as they are written, ending with
 * {@code manifest.json}, which lists every entry with its size and SHA-256 (and says up to which position of the log
 * the export reaches), so a reader can check that nothing was changed or left out of what the manifest names.
 */
final class PersonalExport implements AutoCloseable {

    static final String FORMAT = "messenger-personal-export/1";

    private final ZipOutputStream zip;
    private final ObjectMapper json;
    private final List<Map<String, Object>> entries = new ArrayList<>();
    private Entry open;

    PersonalExport(OutputStream out, ObjectMapper json) {
        this.zip = new ZipOutputStream(out);
        this.json = json;
    }

    /** An entry being written: its bytes are counted and hashed on their way into the zip. */
    final class Entry extends FilterOutputStream {
        private final String name;
        private final MessageDigest digest = sha256();
        private long size;

        private Entry(String name) {
            super(zip);
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            zip.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            zip.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            size += length;
        }

        /** One JSON value and a newline (a line of NDJSON). */
        void line(Object value) throws IOException {
            write(json.writeValueAsBytes(value));
            write('\n');
        }

        @Override
        public void close() throws IOException {
            zip.closeEntry();
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("name", name);
            described.put("bytes", size);
            described.put("sha256", HexFormat.of().formatHex(digest.digest()));
            entries.add(described);
            open = null;
        }
    }

    /** Starts the next entry; close it before starting another. */
    Entry entry(String name) throws IOException {
        if (open != null) {
            throw new IllegalStateException("entry " + open.name + " is still open");
        }
        zip.putNextEntry(new ZipEntry(name));
        open = new Entry(name);
        return open;
    }

    /** An entry holding one JSON document. */
    void document(String name, Object value) throws IOException {
        try (Entry entry = entry(name)) {
            entry.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        }
    }

    /** Ends the zip with its manifest: {@code about} (who, when, up to where in the log) and every entry written. */
    void finish(Map<String, Object> about) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.putAll(about);
        manifest.put("entries", List.copyOf(entries));
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.finish();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
