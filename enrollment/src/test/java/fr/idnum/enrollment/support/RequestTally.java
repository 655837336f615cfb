package fr.idnum.enrollment.support;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

import fr.idnum.testsupport.CampaignTally;

/**
 * A {@link CampaignTally} that counts REST Assured requests (issue 14's totals, docs/security-tests.md): each request
 * sent through {@link #given()} is one case, and each 5xx answer one server error. Thread-safe.
 */
public final class RequestTally extends CampaignTally implements Filter {

    /** A REST Assured request whose answer this tally counts. */
    public RequestSpecification given() {
        return RestAssured.given().filter(this);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response answer = ctx.next(request, response);
        answered(answer.statusCode());
        return answer;
    }
}
