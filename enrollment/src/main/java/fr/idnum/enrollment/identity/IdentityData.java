package fr.idnum.enrollment.identity;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * The identity a citizen declares, normalised: names as FranceConnect+ carries them (given names single-spaced,
 * birth and usage names in upper case), the mobile number in E.164. Checked in person or remotely later.
 */
@Embeddable
public class IdentityData {

    @Enumerated(EnumType.STRING)
    @Column(name = "document_type")
    public DocumentType documentType;
    @Column(name = "document_number")
    public String documentNumber;
    @Column(name = "document_issue_date")
    public LocalDate documentIssueDate;
    @Column(name = "document_expiry_date")
    public LocalDate documentExpiryDate;
    @Enumerated(EnumType.STRING)
    public Gender gender;
    @Column(name = "given_names")
    public String givenNames;
    @Column(name = "birth_name")
    public String birthName;
    @Column(name = "usage_name")
    public String usageName;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    @Column(name = "birth_country")
    public String birthCountry;
    @Column(name = "birth_place")
    public String birthPlace;
    public String nationality;
    @Column(name = "address_line1")
    public String addressLine1;
    @Column(name = "address_line2")
    public String addressLine2;
    @Column(name = "postal_code")
    public String postalCode;
    public String city;
    @Column(name = "mobile_phone")
    public String mobilePhone;
    public String email;
}
