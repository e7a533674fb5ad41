{{%AUTOESCAPE context="HTML"}}
{{! admin-history.tpl: the revisions of one record, newest first. }}
<h1>History of a {{ENTITY}}{{#EXISTS}}: {{LABEL}}{{/EXISTS}}</h1>
{{#DELETED}}<p class="message">This {{ENTITY}} is deleted. Restore one of its versions to bring it back.</p>
{{/DELETED}}
<p class="page-actions"><a href="{{BACK_URL}}">Back</a>{{#EXISTS}} <a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">Edit</a>{{/EXISTS}}</p>
<ol class="revisions">
{{#REVISION}}<li>
<p class="revision-head"><strong>{{ACTION}}</strong> by {{USERNAME}}, <span class="when"><time datetime="{{AT_ISO}}">{{AT}}</time></span></p>
{{#CHANGE}}<dl class="change"><dt>{{FIELD}}</dt><dd><del>{{BEFORE}}</del> <ins>{{AFTER}}</ins></dd></dl>
{{/CHANGE}}
{{#RESTORE_AFTER}}<form method="post" action="/admin/restore"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="revision" value="{{ID}}"><button type="submit">Restore the version after this change</button></form>
{{/RESTORE_AFTER}}{{#RESTORE_BEFORE}}<form method="post" action="/admin/restore"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="revision" value="{{ID}}"><input type="hidden" name="state" value="before"><button type="submit">Restore the version before this change</button></form>
{{/RESTORE_BEFORE}}
</li>
{{/REVISION}}</ol>
