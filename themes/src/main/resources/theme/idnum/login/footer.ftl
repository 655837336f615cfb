<#-- The links FranceConnect+ asks of an identity provider's pages: help, account creation and forgotten password
     on the identifier and password pages (each page already shows one of the two), the service's status, and
     "Retour sur FranceConnect" when the sign-in comes from the hub. Realm attributes (realm-config):
     idnumHelpUrl, idnumStatusUrl (empty: our own help page and status endpoint), idnumHubClientId. -->
<#macro content>
    <#assign idnumRealmUrl = (url.loginRestartFlowUrl?keep_before("/login-actions/"))!"">
    <#assign idnumHelpUrl = (realm.getAttribute("idnumHelpUrl"))!"">
    <#if !idnumHelpUrl?has_content><#assign idnumHelpUrl = url.resourcesPath + "/aide.html"></#if>
    <#assign idnumStatusUrl = (realm.getAttribute("idnumStatusUrl"))!"">
    <#if !idnumStatusUrl?has_content><#assign idnumStatusUrl = idnumRealmUrl + "/idnum/status"></#if>
    <#assign idnumHubClientId = (realm.getAttribute("idnumHubClientId"))!"">
    <#assign idnumPage = pageId!"">
    <#-- Each default (x!"") assigned on its own: "a!b == c" would read as "a!(b == c)". -->
    <#assign idnumClientId = (client.clientId)!"">
    <#-- Keycloak gives its own pages the authenticationSession bean, not the pages of our authenticators (push, no
         phone); their form's action names the tab too. -->
    <#assign idnumTabId = (authenticationSession.tabId)!"">
    <#-- Only there: on an error page url.loginAction throws (no action) rather than answering null. -->
    <#if !idnumTabId?has_content && idnumPage?starts_with("idnum-")>
        <#assign idnumTabId = ((url.loginAction)!"")?keep_after("tab_id=")?keep_before("&")>
    </#if>
    <nav id="idnum-footer" class="idnum-footer" aria-label="${msg("footerLinksLabel")}">
        <ul>
            <#if idnumHubClientId?has_content && idnumClientId == idnumHubClientId && idnumTabId?has_content && idnumRealmUrl?has_content>
                <li><a id="idnum-hub-return" href="${idnumRealmUrl}/idnum/hub-return?client_id=${idnumClientId?url("UTF-8")}&amp;tab_id=${idnumTabId?url("UTF-8")}">${msg("footerHubReturn")}</a></li>
            </#if>
            <li><a id="idnum-help" href="${idnumHelpUrl}">${msg("footerHelp")}</a></li>
            <#if idnumPage == "login-password" && realm.password && realm.registrationAllowed && !registrationDisabled??>
                <li><a id="idnum-register" href="${url.registrationUrl}">${msg("doRegister")}</a></li>
            </#if>
            <#if idnumPage == "login-username" && realm.resetPasswordAllowed>
                <li><a id="idnum-forgot-password" href="${url.loginResetCredentialsUrl}">${msg("doForgotPassword")}</a></li>
            </#if>
            <li><a id="idnum-status" href="${idnumStatusUrl}">${msg("footerServiceStatus")}</a></li>
        </ul>
    </nav>
</#macro>
