{{%AUTOESCAPE context="HTML"}}
{{! admin-deleted.tpl: deleted records, each with a link to restore it (after a confirmation). }}
<h1>Recently deleted</h1>
<div class="table-wrap" data-empty="Nothing has been deleted.">
<table class="list">
<caption class="visually-hidden">Deleted records, newest first</caption>
<thead><tr><th scope="col">Deleted</th><th scope="col">By</th><th scope="col">Record</th><th scope="col">Actions</th></tr></thead>
<tbody>{{#REVISION}}<tr><td data-label="Deleted" class="nowrap"><time datetime="{{AT_ISO}}">{{AT}}</time></td><td data-label="By">{{USERNAME}}</td><td data-label="Record">{{ENTITY}}: {{LABEL}}</td>
<td class="actions" data-label="Actions"><a href="/admin/history?type={{TYPE}}&amp;id={{RECORD_ID}}">History</a>
<a href="/admin/restore?revision={{ID}}">Restore…<span class="visually-hidden"> {{LABEL}}</span></a></td></tr>
{{/REVISION}}</tbody>
</table>
</div>
