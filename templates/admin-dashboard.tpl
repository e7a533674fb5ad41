{{%AUTOESCAPE context="HTML"}}
{{! admin-dashboard.tpl: what there is to edit, and the latest changes;
    CAN_PUBLISH and CAN_ADMINISTER show what editors and administrators
    may open. }}
<h1>Dashboard</h1>
<ul class="cards">
{{#CAN_PUBLISH}}<li><a href="/admin/menus">Menus</a><span>{{ENTRIES}} entries in the main and footer menus</span></li>
{{/CAN_PUBLISH}}<li><a href="/admin/pages">Pages</a><span>{{PUBLISHED}} published, {{DRAFTS}} not published, {{PROGRAMS}} programs</span></li>
<li><a href="/admin/links">Links</a><span>the report of broken links to this site's pages</span></li>
{{#CAN_ADMINISTER}}<li><a href="/admin/redirects">Redirects</a><span>{{REDIRECTS}} old addresses</span></li>
<li><a href="/admin/users">Users</a><span>who may edit, and their roles</span></li>
{{/CAN_ADMINISTER}}{{#CAN_PUBLISH}}<li><a href="/admin/deleted">Recently deleted</a><span>records you can restore</span></li>
{{/CAN_PUBLISH}}</ul>
<h2>Latest changes</h2>
<div class="table-wrap" data-empty="No changes yet.">
<table class="list">
<caption class="visually-hidden">Latest changes</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Record</th></tr></thead>
<tbody>{{#REVISION}}<tr><td data-label="When" class="nowrap"><time datetime="{{AT_ISO}}">{{AT}}</time></td><td data-label="Who">{{USERNAME}}</td><td data-label="What">{{ACTION}} {{ENTITY}}</td><td data-label="Record"><a href="/admin/history?type={{TYPE}}&amp;id={{RECORD_ID}}">{{LABEL}}</a></td></tr>
{{/REVISION}}</tbody>
</table>
</div>
<p><a href="/admin/audit">All latest changes</a></p>
