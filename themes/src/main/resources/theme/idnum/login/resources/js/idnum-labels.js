// keycloak.v2 shows the identifier already entered (password page, reset pages) in a read-only field,
// #kc-attempted-username, under a <label for="username"> that names no element on those pages: screen readers
// announce an unnamed field (axe "label", WCAG 1.3.1 / 4.1.2). Point that label at the field that is there.
// Keycloak's template cannot be changed from a child theme without copying it whole; this is the one fix it needs.
document.addEventListener("DOMContentLoaded", function () {
    var shown = document.getElementById("kc-attempted-username");
    if (!shown || document.getElementById("username")) {
        return;
    }
    var label = document.querySelector("label[for='username']");
    if (label) {
        label.setAttribute("for", "kc-attempted-username");
    }
});
