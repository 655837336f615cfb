package fr.idnum.enrollment.enrollment;

/** An SMS code to text once the transaction that issued it committed. The code never appears in {@link #toString()}. */
public record SmsCode(String phoneNumber, String code) {

    @Override
    public String toString() {
        return "SmsCode[]";
    }
}
