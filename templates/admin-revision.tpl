{{%AUTOESCAPE context="HTML"}}
{{! admin-revision.tpl: one version of a record, every field whole. }}
<h1>A version of a {{ENTITY}}: {{LABEL}}</h1>
<p class="message">This is {{VERSION}}.</p>
<p class="page-actions"><a href="{{HISTORY_URL}}">History</a>{{#RENDERED}} <a href="/admin/revision?id={{REVISION}}{{#BEFORE}}&amp;state=before{{/BEFORE}}&amp;view=page">See it as visitors would</a>{{/RENDERED}}{{#AFTER}} <a href="/admin/compare?type={{TYPE}}&amp;id={{RECORD_ID}}&amp;from={{REVISION}}&amp;to=live">Compare with live</a>{{/AFTER}} <a href="/admin/restore?revision={{REVISION}}{{#BEFORE}}&amp;state=before{{/BEFORE}}">Restore this version…</a></p>
<dl class="version">
{{#FIELD}}<dt>{{LABEL}}</dt><dd>{{VALUE:pre_escape}}{{#EMPTY}}<span class="same">(empty)</span>{{/EMPTY}}</dd>
{{/FIELD}}</dl>
