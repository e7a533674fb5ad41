{{%AUTOESCAPE context="HTML"}}
{{!
  admin-conflict.tpl: someone saved this record after the editor opened
  it: who and when (SAVED_BY; BY_ME when it was the same user, in
  another window). Their values beside the editor's; the form re-applies
  the editor's values over the saved version, deliberately (DRAFT: the
  editor's version is the record's draft, which that save drops).
  MERGED: the fields only one side changed were merged (FIELD: VALUE,
  the editor's merged values; THEIRS, the same with the saved values of
  the fields in conflict), and ROW lists only the fields both changed;
  WHOLE: no merge (the version the editor started from is not known),
  every field is listed.
}}
<h1>Changed meanwhile</h1>
<p class="message" role="alert">{{#SAVED_BY}}{{#BY_ME}}You saved this {{ENTITY}} in another window or tab at <time datetime="{{AT_ISO}}">{{AT}}</time>, after you opened this one,{{/BY_ME}}{{#BY_OTHER}}{{WHO}} saved this {{ENTITY}} at <time datetime="{{AT_ISO}}">{{AT}}</time>, after you opened it,{{/BY_OTHER}}{{/SAVED_BY}}{{#SAVED_BY_SOMEONE}}Someone else saved this {{ENTITY}} after you opened it,{{/SAVED_BY_SOMEONE}} so your changes were <strong>not</strong> saved. {{#MERGED}}Your changes to the other fields and theirs fit together; only the fields below were changed on both sides: choose which to keep.{{/MERGED}}{{#WHOLE}}Compare the two versions below.{{/WHOLE}}</p>
<div class="table-wrap">
<table class="list conflict">
<caption class="visually-hidden">Saved values and yours</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Saved now</th><th scope="col">Yours</th></tr></thead>
<tbody>
{{#ROW}}<tr{{#DIFFERENT}} class="different"{{/DIFFERENT}}><th scope="row">{{LABEL}}{{#DIFFERENT}} <span class="tag">differs</span>{{/DIFFERENT}}</th><td data-label="Saved now"><pre>{{SAVED:pre_escape}}</pre></td><td data-label="Yours"><pre>{{MINE:pre_escape}}</pre></td></tr>
{{/ROW}}</tbody>
</table>
</div>
<form method="post" action="/admin/edit">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="version" value="{{VERSION}}">
{{#DRAFT}}<input type="hidden" name="draft_shown" value="1">
{{/DRAFT}}{{#FIELD}}<input type="hidden" name="{{NAME}}" value="{{VALUE:pre_escape}}">
{{/FIELD}}<div class="form-actions">
<button type="submit">{{#MERGED}}Save with mine in these fields{{/MERGED}}{{#WHOLE}}Save my version over the saved one{{/WHOLE}}</button>
<a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">Discard mine and edit the saved version</a>
</div>
</form>
{{#MERGED}}<form method="post" action="/admin/edit">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="version" value="{{VERSION}}">
{{#DRAFT}}<input type="hidden" name="draft_shown" value="1">
{{/DRAFT}}{{#FIELD}}<input type="hidden" name="{{NAME}}" value="{{THEIRS:pre_escape}}">
{{/FIELD}}<div class="form-actions">
<button type="submit" class="secondary">Save with theirs in these fields, and my other changes</button>
</div>
</form>
{{/MERGED}}
