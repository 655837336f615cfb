package fr.idnum.enrollment.backoffice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks the back-office APIs (agents, administrators): their callers must have signed in at
 * {@link BackOfficeConfig#minimumAcr()} or above, which {@link StrongSignInFilter} checks on every request.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface StrongSignIn {
}
