{{%AUTOESCAPE context="HTML"}}
{{! admin-restore.tpl: asks before restoring a version, naming what will change in the live record. }}
<h1>Restore this version of a {{ENTITY}}?</h1>
<p>You are about to restore {{VERSION}} of “{{LABEL}}”.</p>
{{#DELETED}}<p class="message">This {{ENTITY}} is deleted: restoring brings it back with the values below.</p>
{{/DELETED}}{{#SAME}}<p class="message">This version is the same as the live one: restoring changes nothing.</p>
{{/SAME}}{{#CHANGES}}<p class="message">Restoring changes {{COUNT}} {{FIELDS}} of the live version: the deleted words (struck through) go, the inserted ones (underlined) come back.</p>
{{/CHANGES}}
<h2>What changes</h2>
{{>DIFF}}
<form method="post" action="/admin/restore">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="revision" value="{{REVISION}}">
{{#BEFORE}}<input type="hidden" name="state" value="before">
{{/BEFORE}}<button type="submit">Restore this version</button>
<a href="{{BACK_URL}}">Cancel</a>
</form>
