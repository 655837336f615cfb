package fr.idnum.simulator.enrollment;

import java.util.LinkedHashMap;
import java.util.Map;

/** A French postal address, as the enrollment service's {@code PostalAddress} reads it. */
public record Address(String line1, String line2, String postalCode, String city) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("line1", line1);
        if (line2 != null) {
            json.put("line2", line2);
        }
        json.put("postalCode", postalCode);
        json.put("city", city);
        return json;
    }
}
