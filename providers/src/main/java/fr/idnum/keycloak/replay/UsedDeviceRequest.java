package fr.idnum.keycloak.replay;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A device request that changed something, kept by its {@code jti} until it could no longer be accepted anyway
 * ({@code expires_at}, epoch milliseconds): the primary key (scope, jti) is what refuses its second use, even after
 * every node forgot it. The scope is the phone's credential id, or {@code activation} for activation requests
 * (made before the phone has an id). Schema: {@code META-INF/idnum-used-device-requests-changelog.xml}.
 */
@Entity(name = "IdnumUsedDeviceRequest")
@Table(name = "IDNUM_USED_DEVICE_REQUEST")
@IdClass(UsedDeviceRequest.Key.class)
public class UsedDeviceRequest {

    @Id
    @Column(name = "SCOPE", length = 64, nullable = false)
    private String scope;

    @Id
    @Column(name = "JTI", length = 128, nullable = false)
    private String jti;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    protected UsedDeviceRequest() {
        // For JPA.
    }

    UsedDeviceRequest(String scope, String jti, long expiresAt) {
        this.scope = scope;
        this.jti = jti;
        this.expiresAt = expiresAt;
    }

    public String getScope() {
        return scope;
    }

    public String getJti() {
        return jti;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    /** The primary key, as JPA wants it for an entity with two {@code @Id}s. */
    public static class Key implements Serializable {

        private String scope;
        private String jti;

        public Key() {
            // For JPA.
        }

        public Key(String scope, String jti) {
            this.scope = scope;
            this.jti = jti;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(scope, key.scope) && Objects.equals(jti, key.jti);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scope, jti);
        }
    }
}
