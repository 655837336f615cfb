package fr.idnum.enrollment.messaging;

import fr.idnum.enrollment.identity.PostalAddress;

/**
 * A letter to post: to whom, where, and what it says. {@code reference} is ours (the enrollment's id), so that a
 * letter the post brings back can be traced without the provider holding anything more. The text may carry a
 * code: it never appears in {@link #toString()}.
 */
public record Letter(String reference, String recipient, PostalAddress address, String text) {

    @Override
    public String toString() {
        return "Letter[reference=" + reference + "]";
    }
}
