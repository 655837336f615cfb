package fr.idnum.enrollment.input;

import java.io.IOException;
import java.text.Normalizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import fr.idnum.protocol.PrintableText;

/**
 * Every string of every request body, read as Jackson reads it and then refused unless {@link PrintableText}: one
 * guard in front of PostgreSQL (which fails on NUL), the audit trail and the logs, instead of a pattern per field.
 * What passes is put in Unicode's composed form (NFC): "É" typed as "E" and a combining accent (as some keyboards and
 * macOS send it) is the same text as the precomposed "É", so it meets the same rules (the names' alphabet) and is
 * stored, searched and compared as one form.
 */
final class PrintableStrings extends StdScalarDeserializer<String> {

    static final String RULE = "must be printable text (no control character, no bidirectional override)";

    PrintableStrings() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (!PrintableText.isPrintable(value)) {
            throw new RefusedValueException(parser, RULE, String.class);
        }
        return value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC);
    }
}
