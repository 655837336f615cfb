<#ftl output_format="plainText">
${msg("idnumRegistrationNoticeBody")}
