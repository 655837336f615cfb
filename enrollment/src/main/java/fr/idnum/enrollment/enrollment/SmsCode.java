package fr.idnum.enrollment.enrollment;

import fr.idnum.enrollment.onetimecode.CountedSend;

/**
 * An SMS code to text once the transaction that issued it committed, and its send as counted then (taken back if the
 * gateway refuses it). The code never appears in {@link #toString()}.
 */
public record SmsCode(String phoneNumber, String code, CountedSend counted) {

    @Override
    public String toString() {
        return "SmsCode[]";
    }
}
