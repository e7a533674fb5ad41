{{%AUTOESCAPE context="HTML"}}
{{! admin-deleted.tpl: deleted records, each with a restore button. }}
<h1>Recently deleted</h1>
<table class="list">
<caption class="visually-hidden">Deleted records, newest first</caption>
<thead><tr><th scope="col">Deleted</th><th scope="col">By</th><th scope="col">Record</th><th scope="col">Actions</th></tr></thead>
<tbody>
{{#REVISION}}<tr><td>{{AT}}</td><td>{{USERNAME}}</td><td>{{ENTITY}}: {{LABEL}}</td>
<td class="actions"><a href="/admin/history?type={{TYPE}}&amp;id={{RECORD_ID}}">History</a>
<form method="post" action="/admin/restore"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="revision" value="{{ID}}"><button type="submit">Restore<span class="visually-hidden"> {{LABEL}}</span></button></form></td></tr>
{{/REVISION}}</tbody>
</table>
