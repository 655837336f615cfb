<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("idnumNoDeviceTitle")}
    <#elseif section = "form">
        <div id="idnum-no-device" role="alert">
            <p>${msg("idnumNoDeviceMessage")}</p>
            <ol>
                <li>${msg("idnumNoDeviceStepEnroll")}</li>
                <li>${msg("idnumNoDeviceStepVerify")}</li>
                <li>${msg("idnumNoDeviceStepActivate")}</li>
            </ol>
        </div>
        <form id="idnum-no-device-form" action="${url.loginAction}" method="post">
            <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                    name="cancel" id="idnum-back-to-service" type="submit" value="true">${msg("idnumNoDeviceBackToService")}</button>
        </form>
    </#if>
</@layout.registrationLayout>
