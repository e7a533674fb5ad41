{{%AUTOESCAPE context="HTML"}}
{{! admin-audit.tpl: the latest changes site-wide (NOTE: what the
    author of a change said, a draft sent back's comment). }}
<h1>Latest changes</h1>
<div class="table-wrap" data-empty="No changes yet.">
<table class="list">
<caption class="visually-hidden">Latest changes, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Record</th></tr></thead>
<tbody>{{#REVISION}}<tr><td data-label="When" class="nowrap"><time datetime="{{AT_ISO}}">{{AT}}</time></td><td data-label="Who">{{USERNAME}}</td><td data-label="What">{{ACTION}} {{ENTITY}}{{#NOTE}}: <q class="revision-note">{{TEXT:pre_escape}}</q>{{/NOTE}}</td><td data-label="Record"><a href="/admin/history?type={{TYPE}}&amp;id={{RECORD_ID}}">{{LABEL}}</a></td></tr>
{{/REVISION}}</tbody>
</table>
</div>
