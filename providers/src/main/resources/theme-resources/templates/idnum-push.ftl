<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#assign state = idnumPush.state>
    <#if section = "header">
        ${msg("idnumPushTitle_" + state)}
    <#elseif section = "form">
        <#if state == "waiting">
            <div id="idnum-push-waiting" aria-live="polite">
                <p id="idnum-push-not-sent" role="alert"<#if !idnumPush.pushFailed> hidden</#if>>${msg("idnumPushNotSent")}</p>
                <p id="idnum-push-sent"<#if idnumPush.pushFailed> hidden</#if>>${msg("idnumPushSent")}</p>
                <#if idnumPush.numberMatching>
                    <p>${msg("idnumPushPickNumber")}</p>
                    <p id="idnum-push-number" class="idnum-push-number" aria-label="${msg("idnumPushNumberLabel")} ${idnumPush.number}">${idnumPush.number}</p>
                </#if>
            </div>
            <#-- Outside the live region: a screen reader would otherwise read the countdown every second. -->
            <p>${msg("idnumPushTimeLeft")} <span id="idnum-push-countdown" data-seconds="${idnumPush.secondsLeft?c}">${idnumPush.secondsLeft?c}</span> s</p>
            <form id="idnum-push-form" action="${url.loginAction}" method="post">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        name="check" id="idnum-push-check" type="submit" value="true">${msg("idnumPushCheck")}</button>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        name="resend" id="idnum-push-resend" type="submit" value="true">${msg("idnumPushResend")}</button>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        name="cancel" id="idnum-push-cancel" type="submit" value="true">${msg("idnumPushCancel")}</button>
            </form>
            <details id="idnum-push-no-phone">
                <summary>${msg("idnumPushNoPhone")}</summary>
                <p>${msg("idnumPushNoPhoneHelp")}</p>
            </details>
            <script>
                (function () {
                    var form = document.getElementById("idnum-push-form");
                    var countdown = document.getElementById("idnum-push-countdown");
                    var left = parseInt(countdown.getAttribute("data-seconds"), 10);
                    var done = false;
                    function submit() {
                        if (done) { return; }
                        done = true;
                        var check = document.createElement("input");
                        check.type = "hidden"; check.name = "check"; check.value = "true";
                        form.appendChild(check);
                        form.submit();
                    }
                    setInterval(function () {
                        left = Math.max(0, left - 1);
                        countdown.textContent = left;
                        if (left === 0) { submit(); }
                    }, 1000);
                    // Long-poll: the server holds each question until the phone answers (or ~25 s pass), so the
                    // page learns the outcome at once and asks about twice a minute while nothing happens.
                    var pushFailed = ${idnumPush.pushFailed?c};
                    function ask(delay) { setTimeout(poll, delay); }
                    function poll() {
                        if (done) { return; }
                        fetch("${idnumPush.statusUrl?no_esc}&wait=true&push_failed=" + pushFailed, {credentials: "same-origin", cache: "no-store"})
                            .then(function (r) {
                                if (r.ok) { return r.json(); }
                                var after = parseInt(r.headers.get("Retry-After"), 10);
                                throw isNaN(after) ? 3000 : Math.max(1, after) * 1000;
                            })
                            .then(function (s) {
                                if (s.push_failed && !pushFailed) {
                                    pushFailed = true;
                                    document.getElementById("idnum-push-not-sent").hidden = false;
                                    document.getElementById("idnum-push-sent").hidden = true;
                                }
                                if (s.status !== "pending") { submit(); } else { ask(0); }
                            })
                            .catch(function (delay) { ask(typeof delay === "number" ? delay : 3000); });
                    }
                    ask(0);
                })();
            </script>
        <#else>
            <div id="idnum-push-outcome" role="alert" data-state="${state}">
                <p>${msg("idnumPushMessage_" + state)}</p>
            </div>
            <form id="idnum-push-form" action="${url.loginAction}" method="post">
                <#if state == "denied">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                            name="fraud" id="idnum-push-fraud" type="submit" value="true">${msg("idnumPushNotMe")}</button>
                </#if>
                <#if state == "expired" || state == "superseded" || state == "wrong-number" || state == "denied">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                            name="retry" id="idnum-push-retry" type="submit" value="true">${msg("idnumPushRetry")}</button>
                </#if>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        name="cancel" id="idnum-push-back" type="submit" value="true">${msg("idnumPushBackToService")}</button>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
