<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("idnumRegistrationNoticeBodyHtml"))?no_esc}
</@layout.emailLayout>
