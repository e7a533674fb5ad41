{{%AUTOESCAPE context="HTML"}}
{{! admin-deleted.tpl: deleted records, each with a restore button. }}
<h1>Recently deleted</h1>
<div class="table-wrap" data-empty="Nothing has been deleted.">
<table class="list">
<caption class="visually-hidden">Deleted records, newest first</caption>
<thead><tr><th scope="col">Deleted</th><th scope="col">By</th><th scope="col">Record</th><th scope="col">Actions</th></tr></thead>
<tbody>{{#REVISION}}<tr><td data-label="Deleted" class="nowrap"><time datetime="{{AT_ISO}}">{{AT}}</time></td><td data-label="By">{{USERNAME}}</td><td data-label="Record">{{ENTITY}}: {{LABEL}}</td>
<td class="actions" data-label="Actions"><a href="/admin/history?type={{TYPE}}&amp;id={{RECORD_ID}}">History</a>
<form method="post" action="/admin/restore"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="revision" value="{{ID}}"><button type="submit">Restore<span class="visually-hidden"> {{LABEL}}</span></button></form></td></tr>
{{/REVISION}}</tbody>
</table>
</div>
