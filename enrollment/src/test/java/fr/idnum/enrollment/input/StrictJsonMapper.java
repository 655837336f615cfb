package fr.idnum.enrollment.input;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The service's request reading without Quarkus, for the fuzz targets, which run millions of inputs: the mapper as
 * Quarkus builds it (the Jackson modules on the class path, unknown members ignored) with {@link StrictJson}
 * applied last, and a Bean Validation validator as the resources' {@code @Valid} uses it.
 */
public final class StrictJsonMapper {

    public static final ObjectMapper MAPPER = mapper();
    public static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private StrictJsonMapper() {
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictJson().customize(mapper);
        return mapper;
    }
}
