package fr.idnum.enrollment.phone;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import fr.idnum.enrollment.onetimecode.OneTimeCode;

/** The SMS code in force for an enrollment's mobile number (first one, or a new number being proven). */
@Entity
@Table(name = "phone_check")
public class PhoneCheck extends OneTimeCode {

    /** The number the code was texted to: the declared one, or the new one of a number change. */
    @Column(name = "phone_number")
    public String phoneNumber;
}
