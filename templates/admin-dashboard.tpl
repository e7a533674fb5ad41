{{%AUTOESCAPE context="HTML"}}
{{! admin-dashboard.tpl: what there is to edit, the drafts in review,
    and the latest changes; CAN_PUBLISH and CAN_ADMINISTER show what
    editors and administrators may open. FILES (editors and
    administrators): the library's COUNT files, MB of MAX_MB, and the
    names of the LATEST uploads (each FILE). SENT_BACK: the user's drafts
    sent back to them (who, when, the comment); AWAITING (editors): every
    draft submitted for review, the longest waiting first, with links to
    preview it (PREVIEW), compare it with the live version (COMPARE) and
    open it, or NO_ROWS; MINE_IN_REVIEW (contributors): theirs waiting.
    SAVED_SINCE: the draft was saved again after it was submitted. A
    cell's content is one span: one value beside its label on a phone. }}
<h1>Dashboard</h1>
<ul class="cards">
{{#CAN_PUBLISH}}<li><a href="/admin/menus">Menus</a><span>{{ENTRIES}} entries in the main and footer menus</span></li>
{{/CAN_PUBLISH}}<li><a href="/admin/pages">Pages</a><span>{{PUBLISHED}} published, {{DRAFTS}} not published, {{PROGRAMS}} programs</span></li>
<li><a href="/admin/links">Links</a><span>the report of broken links to this site's pages</span></li>
{{#CAN_ADMINISTER}}<li><a href="/admin/redirects">Redirects</a><span>{{REDIRECTS}} old addresses</span></li>
<li><a href="/admin/users">Users</a><span>who may edit, and their roles</span></li>
{{/CAN_ADMINISTER}}{{#FILES}}<li><a href="/admin/files">Files</a><span>{{COUNT}} {{WORD}}, {{MB}} MB of {{MAX_MB}} MB</span>{{#LATEST}}<span class="card-latest">Latest: {{#FILE}}{{NAME}}{{#FILE_separator}}, {{/FILE_separator}}{{/FILE}}</span>{{/LATEST}}</li>
{{/FILES}}{{#CAN_PUBLISH}}<li><a href="/admin/deleted">Recently deleted</a><span>records you can restore</span></li>
{{/CAN_PUBLISH}}</ul>
{{#SENT_BACK}}<section class="review-list" aria-labelledby="sent-back">
<h2 id="sent-back">Sent back to you</h2>
<div class="table-wrap">
<table class="list">
<thead><tr><th scope="col">Draft</th><th scope="col">Sent back</th><th scope="col">Comment</th></tr></thead>
<tbody>{{#ROW}}<tr><td data-label="Draft"><span><a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a> ({{ENTITY}})</span></td><td data-label="Sent back"><span>by {{SENT_BACK_BY}}, <time datetime="{{SENT_BACK_AT_ISO}}">{{SENT_BACK_AT}}</time></span></td><td data-label="Comment" class="review-comment">{{COMMENT:pre_escape}}</td></tr>
{{/ROW}}</tbody>
</table>
</div>
</section>
{{/SENT_BACK}}{{#AWAITING}}<section class="review-list" aria-labelledby="awaiting">
<h2 id="awaiting">Awaiting review</h2>
{{#NO_ROWS}}<p>No draft awaits review.</p>
{{/NO_ROWS}}<div class="table-wrap">
<table class="list">
<thead><tr><th scope="col">Draft</th><th scope="col">Submitted</th><th scope="col">Review</th></tr></thead>
<tbody>{{#ROW}}<tr><td data-label="Draft"><span><a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a> ({{ENTITY}})</span></td><td data-label="Submitted"><span>by {{SUBMITTED_BY}}, <time datetime="{{SUBMITTED_AT_ISO}}">{{SUBMITTED_AT}}</time>{{#SAVED_SINCE}}; saved again by {{SAVED_BY}}, <time datetime="{{SAVED_AT_ISO}}">{{SAVED_AT}}</time>{{/SAVED_SINCE}}</span></td><td data-label="Review" class="row-actions"><span>{{#PREVIEW}}<a href="/admin/revision?id={{REVISION}}&amp;view=page">Preview<span class="visually-hidden"> {{LABEL}}</span></a> {{/PREVIEW}}{{#COMPARE}}<a href="/admin/compare?type={{TYPE}}&amp;id={{ID}}&amp;from=live&amp;to={{REVISION}}">Compare with live<span class="visually-hidden"> ({{LABEL}})</span></a> {{/COMPARE}}<a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">Review<span class="visually-hidden"> {{LABEL}}</span></a></span></td></tr>
{{/ROW}}</tbody>
</table>
</div>
</section>
{{/AWAITING}}{{#MINE_IN_REVIEW}}<section class="review-list" aria-labelledby="mine-in-review">
<h2 id="mine-in-review">Your drafts in review</h2>
<ul>
{{#ROW}}<li><a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a> ({{ENTITY}}), submitted <time datetime="{{SUBMITTED_AT_ISO}}">{{SUBMITTED_AT}}</time></li>
{{/ROW}}</ul>
</section>
{{/MINE_IN_REVIEW}}<h2>Latest changes</h2>
<div class="table-wrap" data-empty="No changes yet.">
<table class="list">
<caption class="visually-hidden">Latest changes</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Record</th></tr></thead>
<tbody>{{#REVISION}}<tr><td data-label="When" class="nowrap"><time datetime="{{AT_ISO}}">{{AT}}</time></td><td data-label="Who">{{USERNAME}}</td><td data-label="What">{{ACTION}} {{ENTITY}}</td><td data-label="Record"><a href="/admin/history?type={{TYPE}}&amp;id={{RECORD_ID}}">{{LABEL}}</a></td></tr>
{{/REVISION}}</tbody>
</table>
</div>
<p><a href="/admin/audit">All latest changes</a></p>
